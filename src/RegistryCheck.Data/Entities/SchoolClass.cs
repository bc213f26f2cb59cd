namespace RegistryCheck.Data.Entities;

/// <summary>班级. Named SchoolClass because "Class" reads badly in C#.</summary>
public class SchoolClass
{
    public int Id { get; set; }
    public int CollegeId { get; set; }
    public College College { get; set; } = null!;
    public int? MajorId { get; set; }
    public Major? Major { get; set; }
    public required string Name { get; set; }
    /// <summary>年级, e.g. 2026.</summary>
    public int Cohort { get; set; }
}

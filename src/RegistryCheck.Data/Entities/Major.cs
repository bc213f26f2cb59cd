namespace RegistryCheck.Data.Entities;

/// <summary>专业.</summary>
public class Major
{
    public int Id { get; set; }
    public int CollegeId { get; set; }
    public College College { get; set; } = null!;
    public required string Name { get; set; }
    public string? Code { get; set; }
}

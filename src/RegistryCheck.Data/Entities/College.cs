namespace RegistryCheck.Data.Entities;

/// <summary>学院/院系.</summary>
public class College
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Code { get; set; }
    public List<Major> Majors { get; set; } = [];
    public List<SchoolClass> Classes { get; set; } = [];
}

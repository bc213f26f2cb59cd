namespace RegistryCheck.Data.Entities;

/// <summary>What a staff member may see: a counselor's class, or a college administrator's college.</summary>
public class StaffScope
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public int? CollegeId { get; set; }
    public College? College { get; set; }
    public int? ClassId { get; set; }
    public SchoolClass? Class { get; set; }
}

namespace RegistryCheck.Data.Entities;

/// <summary>One intake type (入学类别) a campaign targets by name; an intake type is in at most one open campaign of a cohort.</summary>
public class CampaignIntakeType
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public Campaign Campaign { get; set; } = null!;
    public required string IntakeType { get; set; }
}

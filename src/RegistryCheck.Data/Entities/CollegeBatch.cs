namespace RegistryCheck.Data.Entities;

public enum BatchStatus
{
    Draft = 0,
    Submitted = 1,
    /// <summary>The registrar opened it: the college can no longer recall it.</summary>
    Opened = 2,
    Completed = 3,
}

/// <summary>A college's batch of verified reports handed to the registrar (以学院为单位统一汇总).</summary>
public class CollegeBatch : IVersioned
{
    public int Id { get; set; }
    public int CollegeId { get; set; }
    public College College { get; set; } = null!;
    public int CampaignId { get; set; }
    public Campaign Campaign { get; set; } = null!;
    /// <summary>1, 2, … per college and campaign.</summary>
    public int Sequence { get; set; }
    public BatchStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public int? SubmittedByUserId { get; set; }
    public DateTime? OpenedAt { get; set; }
    public List<CorrectionReport> Reports { get; set; } = [];
    public int Version { get; set; }
}

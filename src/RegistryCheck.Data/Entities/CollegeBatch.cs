namespace RegistryCheck.Data.Entities;

public enum BatchStatus
{
    Draft = 0,
    Submitted = 1,
    /// <summary>The registrar opened it: the college can no longer recall it.</summary>
    Opened = 2,
    Completed = 3,
}

public enum BatchKind
{
    /// <summary>Verified reports handed over for the registrar to resolve.</summary>
    Reports = 0,
    /// <summary>
    /// 零报告: the college checked and has nothing to report. It carries no reports, is complete when submitted and
    /// is accepted once per college and campaign (a filtered unique index); a report verified later goes into a
    /// new batch of kind Reports.
    /// </summary>
    ZeroReturn = 1,
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
    public BatchKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public int? SubmittedByUserId { get; set; }
    /// <summary>Submitted after the campaign's summary deadline (汇总截止) as it stood then; kept, never refused.</summary>
    public bool IsLate { get; set; }
    public DateTime? OpenedAt { get; set; }
    public List<CorrectionReport> Reports { get; set; } = [];
    public int Version { get; set; }
}

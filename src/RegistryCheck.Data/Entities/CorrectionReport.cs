namespace RegistryCheck.Data.Entities;

public enum ReportStatus
{
    Submitted = 0,
    ReturnedToStudent = 1,
    Verified = 2,
    InBatch = 3,
    Corrected = 4,
    Rejected = 5,
    Withdrawn = 6,
}

/// <summary>
/// 更正: the record was wrong from the start (the admission data was wrong). 更改: the fact changed after admission
/// (a name changed at the police station). The student chooses, the counselor may change it when verifying.
/// </summary>
public enum CorrectionKind
{
    Correction = 0,
    Change = 1,
}

/// <summary>A student's report that one field of the record (or the photo) is wrong.</summary>
public class CorrectionReport : IVersioned
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public Student Student { get; set; } = null!;
    public int CampaignId { get; set; }
    public Campaign Campaign { get; set; } = null!;
    public RecordField Field { get; set; }
    public CorrectionKind Kind { get; set; }
    /// <summary>The value the student was shown when reporting (a snapshot, not a reference).</summary>
    public required string ShownValue { get; set; }
    public required string ProposedValue { get; set; }
    public required string Reason { get; set; }
    public ReportStatus Status { get; set; }
    /// <summary>Where the student saw the error; a 学信网-only report's ShownValue is what 学信网 shows.</summary>
    public SeenOn SeenOn { get; set; }
    public bool NeedsProvincialApproval { get; set; }
    /// <summary>Submitted after the deadline: kept, never lost, and marked.</summary>
    public bool IsLate { get; set; }
    public string? CounselorNote { get; set; }
    /// <summary>The counselor's question when returning the report to the student.</summary>
    public string? ReturnQuestion { get; set; }
    public string? StudentAnswer { get; set; }
    public string? RejectionReason { get; set; }
    public int? BatchId { get; set; }
    public CollegeBatch? Batch { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public List<ReportEvidence> Evidence { get; set; } = [];
    public List<ReportHistoryEntry> History { get; set; } = [];
    public int Version { get; set; }

    public bool IsOpen => Status is ReportStatus.Submitted or ReportStatus.ReturnedToStudent
        or ReportStatus.Verified or ReportStatus.InBatch;
}

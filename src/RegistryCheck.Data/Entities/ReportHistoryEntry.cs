namespace RegistryCheck.Data.Entities;

/// <summary>Who moved a report to which status, when and why.</summary>
public class ReportHistoryEntry
{
    public long Id { get; set; }
    public int ReportId { get; set; }
    public CorrectionReport Report { get; set; } = null!;
    public ReportStatus? FromStatus { get; set; }
    public ReportStatus ToStatus { get; set; }
    public DateTime At { get; set; }
    public int? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public string? Note { get; set; }
}

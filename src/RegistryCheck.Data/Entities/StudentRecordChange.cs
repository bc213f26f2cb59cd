namespace RegistryCheck.Data.Entities;

/// <summary>The record's history: an old value kept when a correction or an import changed it.</summary>
public class StudentRecordChange
{
    public long Id { get; set; }
    public int StudentId { get; set; }
    public Student Student { get; set; } = null!;
    public RecordField Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public DateTime At { get; set; }
    public int? ReportId { get; set; }
    public int? ImportJobId { get; set; }
    public int? ActorUserId { get; set; }
}

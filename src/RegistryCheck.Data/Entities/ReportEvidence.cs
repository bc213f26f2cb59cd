namespace RegistryCheck.Data.Entities;

/// <summary>An evidence file (户口本 page, ID card…). Content is only read by the download action.</summary>
public class ReportEvidence
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public CorrectionReport Report { get; set; } = null!;
    /// <summary>The uploaded name, file name only, for display; the type comes from the content.</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public int SizeBytes { get; set; }
    public required byte[] Content { get; set; }
    public DateTime UploadedAt { get; set; }
}

namespace RegistryCheck.Data.Entities;

/// <summary>
/// 录取照片. Kept apart from <see cref="Student"/> and never projected by lists; a replaced photo stays as
/// history with <see cref="IsCurrent"/> false.
/// </summary>
public class AdmissionPhoto
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public Student Student { get; set; } = null!;
    public required byte[] Content { get; set; }
    public required string ContentType { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int SizeBytes { get; set; }
    public bool IsCurrent { get; set; }
    public DateTime UploadedAt { get; set; }
    public DateTime? ReplacedAt { get; set; }
    public int? UploadedByUserId { get; set; }
    /// <summary>The file name inside the uploaded zip, file name only.</summary>
    public string? SourceFileName { get; set; }
}

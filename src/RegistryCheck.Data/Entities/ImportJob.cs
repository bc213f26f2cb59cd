namespace RegistryCheck.Data.Entities;

public enum ImportKind
{
    Roster = 0,
    Photos = 1,
}

public enum ImportStatus
{
    Uploaded = 0,
    Validating = 1,
    Previewed = 2,
    Committing = 3,
    Completed = 4,
    Failed = 5,
    Cancelled = 6,
}

/// <summary>
/// A roster or photo import. Its file and progress live in the database, so any instance can show the
/// progress and a restart finds an interrupted job.
/// </summary>
public class ImportJob : IVersioned
{
    public int Id { get; set; }
    public ImportKind Kind { get; set; }
    public ImportStatus Status { get; set; }
    public required string FileName { get; set; }
    public int CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>Options chosen at upload (JSON), e.g. create unknown classes, photo naming.</summary>
    public string? Options { get; set; }
    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int NewCount { get; set; }
    public int UpdatedCount { get; set; }
    public int UnchangedCount { get; set; }
    public int RejectedCount { get; set; }
    /// <summary>The preview or report (JSON): rejected rows with reasons, unmatched files…</summary>
    public string? ResultJson { get; set; }
    public string? Error { get; set; }
    public int Version { get; set; }
}

/// <summary>The uploaded file, apart from the job so that polling progress never loads it.</summary>
public class ImportFile
{
    public int ImportJobId { get; set; }
    public required byte[] Content { get; set; }
}

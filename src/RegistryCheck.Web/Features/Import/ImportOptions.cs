namespace RegistryCheck.Web.Features.Import;

/// <summary>The "Import" configuration section. Tests lower the caps to exercise them quickly.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    public long MaxRosterBytes { get; set; } = 50L * 1024 * 1024;
    public long MaxPhotoZipBytes { get; set; } = 500L * 1024 * 1024;
    public int MaxPhotoEntries { get; set; } = 20_000;

    /// <summary>Bytes actually decompressed from a photo zip, all entries together.</summary>
    public long MaxPhotoTotalBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>JPEG and PNG hardly compress; an entry that inflates more than this is a bomb, not a photo.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Rows (or photos, divided by 10) per SaveChanges inside the commit's transaction.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// New students and their accounts go in with one prepared INSERT per table (SQLite, PostgreSQL; ADR-028). Off:
    /// through EF in batches of <see cref="BatchSize"/>, as on SQL Server. A switch for comparing both, not for tuning.
    /// </summary>
    public bool PreparedInserts { get; set; } = true;

    /// <summary>
    /// Rows the preview's parse is kept for the commit (ParsedRosters), all jobs together; 0 keeps none and the commit
    /// reads the file again. About 1.5 KB of memory per row.
    /// </summary>
    public int MaxParsedRowsKept { get; set; } = 200_000;

    /// <summary>How long a preview's parse waits for its commit before the commit has to read the file again.</summary>
    public TimeSpan KeepParsedFor { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Rows between progress updates.</summary>
    public int ProgressEvery { get; set; } = 500;

    /// <summary>学校名称 for new students when the roster has no such column; defaults to the one already stored.</summary>
    public string? SchoolName { get; set; }
}

namespace RegistryCheck.Web.Infrastructure.Dbf;

/// <summary>Why a byte sequence is not a dBase table the reader accepts; the caller turns it into the user's words.</summary>
public enum DbfProblem
{
    /// <summary>Shorter than the 32-byte table header, or the first byte is no dBase version the reader knows.</summary>
    NotADbf,

    /// <summary>The field descriptors are missing, unterminated, or do not fit the header length the file states.</summary>
    BadHeader,

    /// <summary>The record length the header states differs from the sum of the field widths plus the deletion flag.</summary>
    BadRecordLength,

    /// <summary>The file ends inside the header or inside a record: <c>Declared</c> records stated, <c>Found</c> complete.</summary>
    Truncated,

    /// <summary>The header's record count does not match what the file holds (more data than it claims).</summary>
    RecordCountMismatch,

    /// <summary>More records than the caller's cap (declared or found).</summary>
    TooManyRecords,

    /// <summary>A record's first byte is neither a space (kept) nor '*' (deleted): the layout is not what the header says.</summary>
    BadRecord,
}

/// <summary>
/// A table the reader refuses. Numbers only (counts, the 1-based record number): never a value from the file, so the
/// message is safe to show and to log.
/// </summary>
public sealed class DbfFormatException(DbfProblem problem, long declared = 0, long found = 0)
    : Exception($"dBase table refused: {problem} (declared {declared}, found {found})")
{
    public DbfProblem Problem { get; } = problem;

    /// <summary>The figure the header states (record count, record length), where the problem has one.</summary>
    public long Declared { get; } = declared;

    /// <summary>The figure the file actually shows (complete records, the sum of the widths, the record number).</summary>
    public long Found { get; } = found;
}

using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Which parse of a roster may stand in for reading the file again: the same job (its id and creation time, so that
/// an id reused after a purge never matches), the same stored file (its length) and the same day, because the row
/// checks depend on today's date (ages, dates in the future).
/// </summary>
public sealed record ParsedRosterKey(int JobId, DateTime JobCreatedAt, long FileLength, DateOnly Today);

/// <summary>
/// The rows the preview read and checked, kept in this process for the commit of the same job (validation once,
/// ADR-030): at 50,000 rows reading and checking the file again was a third of the commit. Only what depends on the
/// file alone is kept — the plan, which depends on what the database holds, is built again inside the commit's
/// transaction. A commit on another instance, after a restart, after <see cref="ImportOptions.KeepParsedFor"/> or past
/// <see cref="ImportOptions.MaxParsedRowsKept"/> finds nothing here and reads the stored file as before, so nothing
/// depends on this memory.
/// </summary>
public sealed class ParsedRosters(TimeProvider time, IOptions<ImportOptions> options)
{
    private sealed record Entry(ParsedRosterKey Key, List<RosterRecord> Records, RosterHeading Heading, DateTimeOffset KeptAt);

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Keeps pristine rows (the caller's plan must work on other copies); the oldest go first past the row budget.</summary>
    public void Keep(ParsedRosterKey key, List<RosterRecord> records, RosterHeading heading)
    {
        var budget = options.Value.MaxParsedRowsKept;
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Key.JobId == key.JobId || Expired(e));
            if (records.Count > budget)
            {
                return;
            }

            while (_entries.Sum(e => e.Records.Count) + records.Count > budget)
            {
                _entries.RemoveAt(0);
            }

            _entries.Add(new Entry(key, records, heading, time.GetUtcNow()));
        }
    }

    /// <summary>The kept rows of exactly this key, handed over once: the commit changes them, so they are not kept again.</summary>
    public (List<RosterRecord> Records, RosterHeading Heading)? Take(ParsedRosterKey key)
    {
        lock (_gate)
        {
            var i = _entries.FindIndex(e => e.Key.JobId == key.JobId);
            if (i < 0)
            {
                return null;
            }

            var entry = _entries[i];
            _entries.RemoveAt(i);
            return entry.Key == key && !Expired(entry) ? (entry.Records, entry.Heading) : null;
        }
    }

    /// <summary>A cancelled or failed job's rows are let go at once.</summary>
    public void Forget(int jobId)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Key.JobId == jobId);
        }
    }

    private bool Expired(Entry e) => time.GetUtcNow() - e.KeptAt > options.Value.KeepParsedFor;
}

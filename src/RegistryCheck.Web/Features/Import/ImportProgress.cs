using System.Collections.Concurrent;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// Progress of jobs running in this process, reported while they validate and commit (a roster after every saved
/// batch). The progress endpoint prefers it to the database: on SQLite the commit's transaction holds the only write
/// lock, so the job row cannot be updated until the commit ends.
/// </summary>
public class ImportProgress
{
    private readonly ConcurrentDictionary<int, ProgressState> _jobs = new();

    /// <summary>Virtual because it is the step every import passes between batches: tests slow it down (to watch the
    /// progress bar) or fail it (to prove the commit rolls back) by registering a subclass.</summary>
    public virtual void Set(int jobId, ImportStatus status, int processed, int total) => _jobs[jobId] = new(status, processed, total);

    public ProgressState? Get(int jobId) => _jobs.TryGetValue(jobId, out var state) ? state : null;

    public void Remove(int jobId) => _jobs.TryRemove(jobId, out _);
}

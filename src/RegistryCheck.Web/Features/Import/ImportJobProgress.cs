using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

public sealed record ImportProgressView(string Status, int Processed, int Total, bool Finished);

/// <summary>What the job's page polls. Progress comes from this process's memory when the job runs here.</summary>
public sealed class ImportJobProgressHandler(RegistryDbContext db, ImportProgress progress)
{
    public async Task<ImportProgressView?> HandleAsync(int jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.Status, j.ProcessedRows, j.TotalRows }).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return null;
        }

        // The database's status is the truth for "finished"; the in-memory figures are fresher while running.
        var running = job.Status is ImportStatus.Uploaded or ImportStatus.Validating or ImportStatus.Committing;
        if (running && progress.Get(jobId) is { } live)
        {
            return new(live.Status.ToString(), live.Processed, live.Total, false);
        }

        return new(job.Status.ToString(), job.ProcessedRows, job.TotalRows, !running);
    }
}

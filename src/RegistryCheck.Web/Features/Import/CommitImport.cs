using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

public enum CommitOutcome
{
    Queued,
    NotFound,
    NotReady,
}

/// <summary>The registrar's go-ahead after the preview: the job is queued for the worker to commit.</summary>
public sealed class CommitImportHandler(RegistryDbContext db, ImportQueue queue)
{
    public async Task<CommitOutcome> CommitAsync(int jobId, int userId, string? userName, string? ip, CancellationToken ct, bool confirmUpgrade = false)
    {
        var job = await db.ImportJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null)
        {
            return CommitOutcome.NotFound;
        }

        if (job.Status != ImportStatus.Previewed)
        {
            return CommitOutcome.NotReady;
        }

        var jobOptions = ImportJobOptions.Read(job.Options);
        jobOptions.CommittedByUserId = userId;
        jobOptions.CommittedByName = userName is { Length: > 100 } ? userName[..100] : userName;
        jobOptions.CommittedFromIp = ip;
        // Only a roster's preview offers the 专升本 suggestions; the commit re-derives them from the same stored file.
        jobOptions.ConfirmUpgrade = job.Kind == ImportKind.Roster && confirmUpgrade;
        job.Options = jobOptions.Write();
        job.Status = ImportStatus.Committing;
        job.ProcessedRows = 0;
        try
        {
            // The job's version is a concurrency token: a double click commits once.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommitOutcome.NotReady;
        }

        queue.Enqueue(jobId);
        return CommitOutcome.Queued;
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Import;

public enum CancelOutcome
{
    Cancelled,
    NotFound,
    /// <summary>Only a previewed job can be cancelled; one being committed, done or cancelled cannot.</summary>
    NotCancellable,
}

/// <summary>Cancelling a preview: nothing was written to the roster, so the job and its stored file just go.</summary>
public sealed class CancelImportHandler(RegistryDbContext db, CampaignClock clock, ParsedRosters parsedRosters)
{
    public async Task<CancelOutcome> HandleAsync(int jobId, CancellationToken ct)
    {
        var updated = await db.ImportJobs.Where(j => j.Id == jobId && j.Status == ImportStatus.Previewed)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Cancelled).SetProperty(j => j.CompletedAt, clock.UtcNow), ct);
        if (updated == 0)
        {
            return await db.ImportJobs.AnyAsync(j => j.Id == jobId, ct) ? CancelOutcome.NotCancellable : CancelOutcome.NotFound;
        }

        await db.ImportFiles.Where(f => f.ImportJobId == jobId).ExecuteDeleteAsync(ct);
        parsedRosters.Forget(jobId);
        return CancelOutcome.Cancelled;
    }
}

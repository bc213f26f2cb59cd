using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Batches;

public sealed class OpenBatchHandler(RegistryDbContext db, ReportTransitions transitions, AuditLog audit)
{
    /// <summary>Opening a batch tells the college the registrar is working on it: from then on it cannot be recalled.</summary>
    public async Task<StaffOutcome> HandleAsync(int batchId, int version, CancellationToken ct)
    {
        var batch = await db.Batches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null || batch.Status == BatchStatus.Draft)
        {
            return StaffOutcome.NotFound;
        }

        if (batch.Version != version)
        {
            return StaffOutcome.ChangedMeanwhile;
        }

        if (batch.Status != BatchStatus.Submitted)
        {
            return StaffOutcome.NotAllowedInStatus;
        }

        transitions.Expect(batch, version);
        batch.Status = BatchStatus.Opened;
        batch.OpenedAt = transitions.Now;
        audit.Add(AuditActions.ReportStatusChanged, "batch", batch.Id, "opened");
        return await transitions.SaveAsync(ct);
    }
}

using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// Takes a submitted batch back before the registrar opens it: its reports return to Verified and leave the
/// batch, which is deleted (the reports' history and the audit log keep what happened). The reports can then
/// be corrected by the counselor's colleagues or put into the next batch.
/// </summary>
public sealed class RecallBatchHandler(RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit)
{
    public async Task<StaffOutcome> HandleAsync(ClaimsPrincipal user, int batchId, int version, CancellationToken ct)
    {
        var (batch, outcome) = await OwnCollegeBatch.LoadAsync(db, scopes, user, batchId, version, ct);
        if (batch is null)
        {
            return outcome;
        }

        if (batch.Status != BatchStatus.Submitted)
        {
            return StaffOutcome.NotAllowedInStatus;
        }

        // The DELETE carries the version the form showed, so a batch opened meanwhile is not recalled.
        transitions.Expect(batch, version);
        var reports = await db.Reports.Where(r => r.BatchId == batchId).ToListAsync(ct);
        foreach (var report in reports)
        {
            if (report.Status == ReportStatus.InBatch)
            {
                transitions.Move(report, ReportStatus.Verified, user, $"#{batch.Sequence}");
                await transitions.RecalculateAsync(report, ct);
            }

            report.BatchId = null;
        }

        db.Batches.Remove(batch);
        audit.Add(AuditActions.ReportStatusChanged, "batch", batch.Id, $"recalled;reports={reports.Count}");
        return await transitions.SaveAsync(ct);
    }
}

using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>Submits the college's draft batch to the registrar: its reports freeze (InBatch).</summary>
public sealed class SubmitBatchHandler(RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit)
{
    public async Task<(StaffOutcome Outcome, int Count)> HandleAsync(ClaimsPrincipal user, int batchId, int version, CancellationToken ct)
    {
        var (batch, outcome) = await OwnCollegeBatch.LoadAsync(db, scopes, user, batchId, version, ct);
        if (batch is null)
        {
            return (outcome, 0);
        }

        if (batch.Status != BatchStatus.Draft)
        {
            return (StaffOutcome.NotAllowedInStatus, 0);
        }

        var reports = await db.Reports.Where(r => r.BatchId == batchId).ToListAsync(ct);
        // A report withdrawn by the student while it sat in the draft leaves the batch here.
        foreach (var gone in reports.Where(r => r.Status != ReportStatus.Verified))
        {
            gone.BatchId = null;
        }

        var sending = reports.Where(r => r.Status == ReportStatus.Verified).ToList();
        if (sending.Count == 0)
        {
            return (StaffOutcome.Invalid, 0);
        }

        transitions.Expect(batch, version);
        batch.Status = BatchStatus.Submitted;
        batch.SubmittedAt = transitions.Now;
        batch.SubmittedByUserId = user.GetUserId();
        // Late against the summary deadline as it stands now; submitting is never refused for it (issue 15).
        var deadline = await db.Campaigns.Where(c => c.Id == batch.CampaignId).Select(c => c.SummaryDeadline).FirstOrDefaultAsync(ct);
        batch.IsLate = deadline is { } due && batch.SubmittedAt > due;
        foreach (var report in sending)
        {
            transitions.Move(report, ReportStatus.InBatch, user, $"#{batch.Sequence}");
            await transitions.RecalculateAsync(report, ct);
        }

        audit.Add(AuditActions.ReportStatusChanged, "batch", batch.Id, $"submitted;reports={sending.Count};late={batch.IsLate}");
        return (await transitions.SaveAsync(ct), sending.Count);
    }
}

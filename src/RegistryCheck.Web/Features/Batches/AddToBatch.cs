using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// The college administrator gathers verified reports into the college's draft batch of their campaign (one per
/// campaign, created on demand, numbered 1, 2, … per college and campaign).
/// </summary>
public sealed class AddToBatchHandler(RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit)
{
    public async Task<(StaffOutcome Outcome, int Added)> HandleAsync(ClaimsPrincipal user, IReadOnlyCollection<int> reportIds, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var reports = await db.Reports.Include(r => r.Student).Where(r => reportIds.Contains(r.Id)).ToListAsync(ct);
        foreach (var outside in reports.Where(r => !scope.CoversCollege(r.Student.CollegeId)))
        {
            await scopes.AuditDeniedAsync("report", outside.Id);
            return (StaffOutcome.NotFound, 0);
        }

        var added = 0;
        foreach (var report in reports.Where(r => r.Status == ReportStatus.Verified && r.BatchId == null))
        {
            var draft = await DraftForAsync(report.Student.CollegeId, report.CampaignId, ct);
            report.Batch = draft;
            report.UpdatedAt = transitions.Now;
            added++;
        }

        if (added == 0)
        {
            return (StaffOutcome.NotAllowedInStatus, 0);
        }

        audit.Add(AuditActions.ReportStatusChanged, "batch", null, $"added={added}");
        return (await transitions.SaveAsync(ct), added);
    }

    private async Task<CollegeBatch> DraftForAsync(int collegeId, int campaignId, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<CollegeBatch>().Select(e => e.Entity)
            .FirstOrDefault(b => b.CollegeId == collegeId && b.CampaignId == campaignId && b.Status == BatchStatus.Draft);
        if (tracked is not null)
        {
            return tracked;
        }

        var draft = await db.Batches.FirstOrDefaultAsync(b => b.CollegeId == collegeId && b.CampaignId == campaignId && b.Status == BatchStatus.Draft, ct);
        if (draft is not null)
        {
            return draft;
        }

        var last = await db.Batches.Where(b => b.CollegeId == collegeId && b.CampaignId == campaignId).MaxAsync(b => (int?)b.Sequence, ct) ?? 0;
        draft = new CollegeBatch { CollegeId = collegeId, CampaignId = campaignId, Sequence = last + 1, Status = BatchStatus.Draft, CreatedAt = transitions.Now };
        db.Batches.Add(draft);
        return draft;
    }
}

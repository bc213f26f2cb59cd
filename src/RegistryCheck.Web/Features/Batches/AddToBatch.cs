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
/// <remarks>
/// Two races (issue 16, docs/security.md T52): two first drafts at once — the database keeps one draft per college
/// and campaign and one number per batch, the loser's save fails and it starts again, finding the winner's draft;
/// and an add while the draft is being submitted — the add bumps the draft's version, so whichever of the two
/// saves second fails its version check: a lost submit says "changed meanwhile", a lost add starts again and puts
/// the reports into a new draft. A report can therefore never be left Verified inside a submitted batch.
/// </remarks>
public sealed class AddToBatchHandler(
    RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit, ILogger<AddToBatchHandler> logger)
{
    private const int Attempts = 5;

    public async Task<(StaffOutcome Outcome, int Added)> HandleAsync(ClaimsPrincipal user, IReadOnlyCollection<int> reportIds, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, added) = await TryAsync(scope, reportIds, ct);
            if (outcome != StaffOutcome.Done || added == 0)
            {
                return (outcome, added);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return (StaffOutcome.Done, added);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another request created the draft or submitted it in between: start again from what is stored.
                db.ChangeTracker.Clear();
                logger.LogInformation("Adding {Count} reports to a batch lost a race (attempt {Attempt}); retrying", reportIds.Count, attempt);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return (StaffOutcome.ChangedMeanwhile, 0);
            }
        }
    }

    private async Task<(StaffOutcome Outcome, int Added)> TryAsync(ScopeFilter scope, IReadOnlyCollection<int> reportIds, CancellationToken ct)
    {
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
        return (StaffOutcome.Done, added);
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
            // The UPDATE … WHERE Version = v that this causes is what a concurrent submit of the draft collides with.
            db.Entry(draft).Property(b => b.Version).IsModified = true;
            return draft;
        }

        var last = await db.Batches.Where(b => b.CollegeId == collegeId && b.CampaignId == campaignId).MaxAsync(b => (int?)b.Sequence, ct) ?? 0;
        draft = new CollegeBatch
        {
            CollegeId = collegeId, CampaignId = campaignId, Sequence = last + 1, Status = BatchStatus.Draft, Kind = BatchKind.Reports,
            CreatedAt = transitions.Now,
        };
        db.Batches.Add(draft);
        return draft;
    }
}

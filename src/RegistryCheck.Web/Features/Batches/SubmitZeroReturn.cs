using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

public enum ZeroReturnOutcome
{
    Done,
    NotFound,
    /// <summary>Verified reports of the college wait unbatched (or in the draft): they must be submitted instead.</summary>
    ReportsWaiting,
    /// <summary>The college already submitted a batch or a 零报告 for this campaign.</summary>
    AlreadySubmitted,
    Closed,
}

/// <summary>
/// 零报告: the college administrator states that the college checked and has nothing to report, so the registrar
/// knows it did not forget. Stored as a batch of kind ZeroReturn with no reports, complete at once, marked late
/// after the summary deadline. Accepted once per college and campaign; the filtered unique index holds that
/// against two requests at once, and a report verified afterwards goes into a new batch of reports.
/// </summary>
public sealed class SubmitZeroReturnHandler(
    RegistryDbContext db, StaffScopes scopes, ReportTransitions transitions, AuditLog audit, ILogger<SubmitZeroReturnHandler> logger)
{
    public async Task<(ZeroReturnOutcome Outcome, int Waiting)> HandleAsync(ClaimsPrincipal user, int campaignId, int collegeId, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        if (!scope.CoversCollege(collegeId))
        {
            await scopes.AuditDeniedAsync("college", collegeId);
            return (ZeroReturnOutcome.NotFound, 0);
        }

        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null || !await db.StudentChecks.AnyAsync(k => k.CampaignId == campaignId && k.Student.CollegeId == collegeId, ct))
        {
            return (ZeroReturnOutcome.NotFound, 0);
        }

        if (campaign.ClosedAt is not null)
        {
            return (ZeroReturnOutcome.Closed, 0);
        }

        var refusal = await RefusalAsync(campaignId, collegeId, ct);
        if (refusal.Outcome != ZeroReturnOutcome.Done)
        {
            return refusal;
        }

        var now = transitions.Now;
        var last = await db.Batches.Where(b => b.CollegeId == collegeId && b.CampaignId == campaignId).MaxAsync(b => (int?)b.Sequence, ct) ?? 0;
        var zero = new CollegeBatch
        {
            CollegeId = collegeId, CampaignId = campaignId, Sequence = last + 1, Kind = BatchKind.ZeroReturn, Status = BatchStatus.Completed,
            CreatedAt = now, SubmittedAt = now, SubmittedByUserId = user.GetUserId(),
            IsLate = campaign.SummaryDeadline is { } deadline && now > deadline,
        };
        db.Batches.Add(zero);
        audit.Add(AuditActions.ReportStatusChanged, "college", collegeId, $"zero-return;campaign={campaignId};late={zero.IsLate}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A second click, or a draft numbered at the same moment: what is stored now decides the answer.
            db.ChangeTracker.Clear();
            var after = await RefusalAsync(campaignId, collegeId, ct);
            logger.LogInformation("Zero return of college {CollegeId} in campaign {CampaignId} lost a race: {Outcome}", collegeId, campaignId, after.Outcome);
            return after.Outcome == ZeroReturnOutcome.Done ? (ZeroReturnOutcome.AlreadySubmitted, 0) : after;
        }

        logger.LogInformation("College {CollegeId} submitted a zero return in campaign {CampaignId}", collegeId, campaignId);
        return (ZeroReturnOutcome.Done, 0);
    }

    private async Task<(ZeroReturnOutcome Outcome, int Waiting)> RefusalAsync(int campaignId, int collegeId, CancellationToken ct)
    {
        if (await db.Batches.AnyAsync(b => b.CampaignId == campaignId && b.CollegeId == collegeId && b.Status != BatchStatus.Draft, ct))
        {
            return (ZeroReturnOutcome.AlreadySubmitted, 0);
        }

        var waiting = await db.Reports.CountAsync(r => r.CampaignId == campaignId && r.Student.CollegeId == collegeId && r.Status == ReportStatus.Verified, ct);
        return waiting > 0 ? (ZeroReturnOutcome.ReportsWaiting, waiting) : (ZeroReturnOutcome.Done, 0);
    }
}

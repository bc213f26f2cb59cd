using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

public enum SummaryState
{
    /// <summary>Nothing submitted for the campaign yet: the days left (or late) to the summary deadline matter.</summary>
    NotYet,
    /// <summary>At least one batch of reports submitted.</summary>
    Submitted,
    /// <summary>Only a 零报告: the college checked and had nothing to report.</summary>
    ZeroReturn,
}

/// <summary>
/// One college's standing against the campaign's summary deadline (汇总截止): what it submitted last (when, by whom,
/// late or not) and what still waits — verified reports not yet submitted (after a 零报告 too: the registrar sees
/// them) and reports still with the counselors.
/// </summary>
public sealed record CollegeSummaryRow(
    int CampaignId, string CampaignName, DateTime? SummaryDeadline, int CollegeId, string CollegeName, SummaryState State,
    DateTime? LastSubmittedAt, string? LastSubmittedBy, bool LastLate, int BatchesSubmitted, bool HasZeroReturn,
    int VerifiedWaiting, int WithCounselors)
{
    /// <summary>A 零报告 is accepted once, and only when no verified report waits and nothing was submitted yet.</summary>
    public bool CanSubmitZeroReturn => State == SummaryState.NotYet && VerifiedWaiting == 0;
}

public static class CollegeSummaryStatus
{
    /// <summary>The colleges that have students in the campaign (all of them, or those given), each with its state.</summary>
    public static async Task<IReadOnlyList<CollegeSummaryRow>> ForCampaignAsync(
        RegistryDbContext db, int campaignId, IReadOnlyCollection<int>? onlyColleges, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Id, c.Name, c.SummaryDeadline }).FirstOrDefaultAsync(ct);
        if (campaign is null)
        {
            return [];
        }

        var checks = db.StudentChecks.Where(k => k.CampaignId == campaignId);
        var batches = db.Batches.Where(b => b.CampaignId == campaignId && b.Status != BatchStatus.Draft);
        var reports = db.Reports.Where(r => r.CampaignId == campaignId && (r.Status == ReportStatus.Verified || r.Status == ReportStatus.Submitted));
        if (onlyColleges is not null)
        {
            checks = checks.Where(k => onlyColleges.Contains(k.Student.CollegeId));
            batches = batches.Where(b => onlyColleges.Contains(b.CollegeId));
            reports = reports.Where(r => onlyColleges.Contains(r.Student.CollegeId));
        }

        var colleges = await checks.Select(k => new { k.Student.CollegeId, k.Student.College.Name }).Distinct().ToListAsync(ct);
        var sent = await batches
            .Select(b => new
            {
                b.CollegeId, b.Kind, b.SubmittedAt, b.IsLate,
                By = db.Users.Where(u => u.Id == b.SubmittedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var waiting = await reports.GroupBy(r => new { r.Student.CollegeId, r.Status })
            .Select(g => new { g.Key.CollegeId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);

        return colleges.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c =>
        {
            var own = sent.Where(b => b.CollegeId == c.CollegeId).OrderBy(b => b.SubmittedAt).ToList();
            var last = own.LastOrDefault();
            var reportBatches = own.Count(b => b.Kind == BatchKind.Reports);
            var state = reportBatches > 0 ? SummaryState.Submitted : own.Count > 0 ? SummaryState.ZeroReturn : SummaryState.NotYet;
            int Count(ReportStatus s) => waiting.Where(w => w.CollegeId == c.CollegeId && w.Status == s).Sum(w => w.Count);
            return new CollegeSummaryRow(campaign.Id, campaign.Name, campaign.SummaryDeadline, c.CollegeId, c.Name, state,
                last?.SubmittedAt, last?.By, last?.IsLate ?? false, reportBatches, own.Any(b => b.Kind == BatchKind.ZeroReturn),
                Count(ReportStatus.Verified), Count(ReportStatus.Submitted));
        }).ToList();
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

public sealed record CollegeBatchListView(
    IReadOnlyList<BatchReportRow> Unbatched, IReadOnlyList<(BatchSummary Batch, IReadOnlyList<BatchReportRow> Reports)> Drafts,
    IReadOnlyList<BatchSummary> Sent, IReadOnlyList<CollegeSummaryRow> Summaries);

/// <summary>
/// The college administrator's page: the verified reports not yet in a batch, the college's draft batches (one per
/// campaign) with their reports, the batches already sent, and per open campaign the summary deadline (汇总截止)
/// with what still waits and whether a 零报告 can be sent.
/// </summary>
public sealed class CollegeBatchListHandler(RegistryDbContext db)
{
    public async Task<CollegeBatchListView> HandleAsync(ScopeFilter scope, CancellationToken ct)
    {
        var colleges = scope.CollegeIds;
        var unbatched = await BatchReportRow.Query(db.Reports.Where(r => r.Status == ReportStatus.Verified && r.BatchId == null
            && colleges.Contains(r.Student.CollegeId))).ToListAsync(ct);
        var batches = await BatchSummary.Query(db.Batches.Where(b => colleges.Contains(b.CollegeId))).ToListAsync(ct);
        var drafts = new List<(BatchSummary, IReadOnlyList<BatchReportRow>)>();
        foreach (var draft in batches.Where(b => b.Status == BatchStatus.Draft))
        {
            var rows = await BatchReportRow.Query(db.Reports.Where(r => r.BatchId == draft.Id)).ToListAsync(ct);
            drafts.Add((draft, rows));
        }

        var summaries = new List<CollegeSummaryRow>();
        var campaigns = await db.Campaigns.Where(c => c.ClosedAt == null
                && db.StudentChecks.Any(k => k.CampaignId == c.Id && colleges.Contains(k.Student.CollegeId)))
            .OrderByDescending(c => c.OpensAt).Select(c => c.Id).ToListAsync(ct);
        foreach (var campaignId in campaigns)
        {
            summaries.AddRange(await CollegeSummaryStatus.ForCampaignAsync(db, campaignId, colleges, ct));
        }

        return new CollegeBatchListView(unbatched, drafts, batches.Where(b => b.Status != BatchStatus.Draft).ToList(), summaries);
    }
}

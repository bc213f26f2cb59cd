using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

public sealed record CollegeBatchListView(
    IReadOnlyList<BatchReportRow> Unbatched, IReadOnlyList<(BatchSummary Batch, IReadOnlyList<BatchReportRow> Reports)> Drafts,
    IReadOnlyList<BatchSummary> Sent);

/// <summary>
/// The college administrator's page: the verified reports not yet in a batch, the college's draft batches (one per
/// campaign) with their reports, and the batches already sent.
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

        return new CollegeBatchListView(unbatched, drafts, batches.Where(b => b.Status != BatchStatus.Draft).ToList());
    }
}

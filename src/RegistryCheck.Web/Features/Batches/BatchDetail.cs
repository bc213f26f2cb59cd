using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Batches;

public sealed record BatchDetailView(BatchSummary Batch, IReadOnlyList<BatchReportRow> Reports);

public sealed class BatchDetailHandler(RegistryDbContext db, StaffScopes scopes)
{
    /// <summary>A batch for the registrar or for the college administrator of its college; never a draft of another college.</summary>
    public async Task<BatchDetailView?> HandleAsync(ScopeFilter scope, int batchId, CancellationToken ct)
    {
        var summary = await BatchSummary.Query(db.Batches.Where(b => b.Id == batchId)).FirstOrDefaultAsync(ct);
        if (summary is null)
        {
            return null;
        }

        if (!scope.CoversCollege(summary.CollegeId) || (scope.All && summary.Status == BatchStatus.Draft))
        {
            await scopes.AuditDeniedAsync("batch", batchId);
            return null;
        }

        var reports = await BatchReportRow.Query(db.Reports.Where(r => r.BatchId == batchId)).ToListAsync(ct);
        return new BatchDetailView(summary, reports);
    }
}

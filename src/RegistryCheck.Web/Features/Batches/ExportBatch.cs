using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// One college's batch as a workbook: the registrar's copy with full ID numbers — the one place they appear in
/// full — or the college's own copy to sign and stamp, with ID numbers masked. Scoped and audited.
/// </summary>
public sealed class ExportBatchHandler(
    RegistryDbContext db, StaffScopes scopes, AuditLog audit, CampaignClock clock, IStringLocalizer<SharedResource> l)
{
    public async Task<ExportFile?> HandleAsync(ScopeFilter scope, int batchId, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.Id, b.CollegeId, College = b.College.Name, b.Campaign.Cohort, b.Sequence, b.Status, b.SubmittedAt })
            .FirstOrDefaultAsync(ct);
        if (batch is null)
        {
            return null;
        }

        if (!scope.CoversCollege(batch.CollegeId) || (scope.All && batch.Status == BatchStatus.Draft))
        {
            await scopes.AuditDeniedAsync("batch", batchId);
            return null;
        }

        var reports = db.Reports.Where(r => r.BatchId == batchId);
        if (batch.Status == BatchStatus.Draft)
        {
            reports = reports.Where(r => r.Status == ReportStatus.Verified);
        }

        var rows = await ExportQueries.Rows(reports).ToListAsync(ct);
        var fullIds = scope.All;
        var content = new CorrectionWorkbook(l, clock).Batches(
            [new CollegeSheet(batch.College, batch.Cohort, [batch.Sequence], batch.SubmittedAt, rows)], fullIds);
        audit.Add(AuditActions.Export, "batch", batchId, $"rows={rows.Count};fullIds={fullIds}");
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, l["{0}-{1}级-第{2}批-学籍信息更正汇总表.xlsx", batch.College, batch.Cohort, batch.Sequence]);
    }
}

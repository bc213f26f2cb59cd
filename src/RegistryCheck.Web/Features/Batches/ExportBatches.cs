using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Batches;

public sealed record ExportFile(byte[] Content, string FileName);

/// <summary>
/// The workbooks: one college's batch (the registrar's copy with full ID numbers — the one place they appear in
/// full — or the college's own copy to sign and stamp, with ID numbers masked), all colleges at once (one sheet
/// each), and the campaign's full correction report with outcomes. Scoped and audited.
/// </summary>
public sealed class ExportBatchesHandler(
    RegistryDbContext db, StaffScopes scopes, AuditLog audit, CampaignClock clock, IStringLocalizer<SharedResource> l)
{
    private CorrectionWorkbook Workbook => new(l, clock);

    public async Task<ExportFile?> BatchAsync(ScopeFilter scope, int batchId, CancellationToken ct)
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

        var rows = await Rows(reports).ToListAsync(ct);
        var fullIds = scope.All;
        var content = Workbook.Batches([new CollegeSheet(batch.College, batch.Cohort, [batch.Sequence], batch.SubmittedAt, rows)], fullIds);
        audit.Add(AuditActions.Export, "batch", batchId, $"rows={rows.Count};fullIds={fullIds}");
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, l["{0}-{1}级-第{2}批-学籍信息更正汇总表.xlsx", batch.College, batch.Cohort, batch.Sequence]);
    }

    /// <summary>Every college's submitted batches of the campaign, one sheet per college.</summary>
    public async Task<ExportFile?> AllCollegesAsync(int? campaignId, CancellationToken ct)
    {
        var campaign = await CampaignAsync(campaignId, ct);
        if (campaign is null)
        {
            return null;
        }

        var rows = await Rows(db.Reports.Where(r => r.Batch != null && r.Batch.CampaignId == campaign.Id && r.Batch.Status != BatchStatus.Draft))
            .ToListAsync(ct);
        var batches = await db.Batches.AsNoTracking().Where(b => b.CampaignId == campaign.Id && b.Status != BatchStatus.Draft)
            .Select(b => new { b.College.Name, b.Sequence, b.SubmittedAt }).ToListAsync(ct);
        var sheets = rows.GroupBy(r => r.CollegeName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var own = batches.Where(b => b.Name == g.Key).ToList();
                return new CollegeSheet(g.Key, campaign.Cohort, own.Select(b => b.Sequence).Order().ToList(), own.Max(b => b.SubmittedAt), g.ToList());
            })
            .ToList();
        var content = Workbook.Batches(sheets, fullIds: true);
        audit.Add(AuditActions.Export, "campaign", campaign.Id, $"batches;colleges={sheets.Count};rows={rows.Count}");
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, l["{0}-各学院学籍信息更正汇总表.xlsx", campaign.Name]);
    }

    /// <summary>All reports of the campaign with their outcome, for the registrar's records.</summary>
    public async Task<ExportFile?> CampaignReportAsync(int? campaignId, CancellationToken ct)
    {
        var campaign = await CampaignAsync(campaignId, ct);
        if (campaign is null)
        {
            return null;
        }

        var rows = await Rows(db.Reports.Where(r => r.CampaignId == campaign.Id)).ToListAsync(ct);
        var content = Workbook.CampaignReport(campaign.Name, rows);
        audit.Add(AuditActions.Export, "campaign", campaign.Id, $"report;rows={rows.Count}");
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, l["{0}-学籍信息更正情况报告.xlsx", campaign.Name]);
    }

    private Task<Campaign?> CampaignAsync(int? campaignId, CancellationToken ct) =>
        campaignId is int id
            ? db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            : db.Campaigns.AsNoTracking().OrderByDescending(c => c.OpensAt).FirstOrDefaultAsync(ct);

    private static IQueryable<ExportRow> Rows(IQueryable<CorrectionReport> reports) =>
        reports.AsNoTracking()
            .OrderBy(r => r.Student.College.Name).ThenBy(r => r.Student.Class.Name).ThenBy(r => r.Student.StudentNumber).ThenBy(r => r.Id)
            .Select(r => new ExportRow(r.Student.College.Name, r.Student.StudentNumber, r.Student.ExamNumber, r.Student.Name, r.Student.IdNumber,
                r.Student.Class.Name, r.Field, r.ShownValue, r.ProposedValue, r.Reason, r.NeedsProvincialApproval, r.CounselorNote, r.SubmittedAt,
                r.Status, r.RejectionReason, r.ResolvedAt, r.Batch == null ? null : r.Batch.Sequence, r.Kind));
}

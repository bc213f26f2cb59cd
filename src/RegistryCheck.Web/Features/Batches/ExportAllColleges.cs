using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>Every college's submitted batches of the campaign, one sheet per college (registrar only; audited).</summary>
public sealed class ExportAllCollegesHandler(RegistryDbContext db, AuditLog audit, CampaignClock clock, IStringLocalizer<SharedResource> l)
{
    public async Task<ExportFile?> HandleAsync(int? campaignId, CancellationToken ct)
    {
        var campaign = await ExportQueries.CampaignAsync(db, campaignId, ct);
        if (campaign is null)
        {
            return null;
        }

        var rows = await ExportQueries.Rows(db.Reports.Where(r => r.Batch != null && r.Batch.CampaignId == campaign.Id && r.Batch.Status != BatchStatus.Draft))
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
        var content = new CorrectionWorkbook(l, clock).Batches(sheets, fullIds: true);
        audit.Add(AuditActions.Export, "campaign", campaign.Id, $"batches;colleges={sheets.Count};rows={rows.Count}");
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, l["{0}-各学院学籍信息更正汇总表.xlsx", campaign.Name]);
    }
}

using Microsoft.Extensions.Localization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>All reports of the campaign with their outcome, for the registrar's records (audited).</summary>
public sealed class ExportCampaignReportHandler(RegistryDbContext db, AuditLog audit, CampaignClock clock, IStringLocalizer<SharedResource> l)
{
    public async Task<ExportFile?> HandleAsync(int? campaignId, CancellationToken ct)
    {
        var campaign = await ExportQueries.CampaignAsync(db, campaignId, ct);
        if (campaign is null)
        {
            return null;
        }

        var rows = await ExportQueries.Rows(db.Reports.Where(r => r.CampaignId == campaign.Id)).ToListAsync(ct);
        var content = new CorrectionWorkbook(l, clock).CampaignReport(campaign.Name, rows);
        audit.Add(AuditActions.Export, "campaign", campaign.Id, $"report;rows={rows.Count}");
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, l["{0}-学籍信息更正情况报告.xlsx", campaign.Name]);
    }
}

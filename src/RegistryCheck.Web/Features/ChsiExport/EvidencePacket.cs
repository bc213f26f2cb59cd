using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Pdf;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>What the packet covers: its file name, its title, the reports with a form, and whether ID numbers are written in full.</summary>
public sealed record EvidencePacketPlan(string FileName, string Title, IReadOnlyList<FormSource> Reports, bool FullIds);

public enum PacketState
{
    Ready,
    NotFound,
    FontMissing,
}

public sealed record PacketOutcome(PacketState State, EvidencePacketPlan? Plan = null, string? FontPath = null);

/// <summary>
/// The evidence packet for provincial approval, for one college batch or a whole campaign: a zip with the summary
/// workbook and one folder per student (<c>学号_姓名</c>) holding each report's application form as PDF and the
/// report's evidence files under their upload names, made safe. The zip is written straight to the response: the
/// plan holds names and ids only, each evidence file is read from the database when its turn comes and released
/// after, so memory holds one file (and one form) at a time, whatever the packet's size.
/// </summary>
public sealed class EvidencePacketHandler(
    RegistryDbContext db, StaffScopes scopes, AuditLog audit, ApplicationFormHandler forms, CampaignClock clock, IConfiguration configuration,
    IStringLocalizer<SharedResource> l, ILogger<EvidencePacketHandler> logger)
{
    private readonly CjkFonts _fonts = new(configuration);

    public async Task<PacketOutcome> BatchAsync(ScopeFilter scope, int batchId, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.CollegeId, College = b.College.Name, Campaign = b.Campaign.Name, b.Sequence, b.Status }).FirstOrDefaultAsync(ct);
        if (batch is null)
        {
            return new PacketOutcome(PacketState.NotFound);
        }

        if (!PacketRules.MayOpen(scope, batch.CollegeId, batch.Status))
        {
            await scopes.AuditDeniedAsync("batch", batchId);
            return new PacketOutcome(PacketState.NotFound);
        }

        if (_fonts.Missing is not null)
        {
            return FontMissing();
        }

        var reports = await forms.Sources(db.Reports.Where(r => r.BatchId == batchId)).ToListAsync(ct);
        var title = l["{0}-{1}-第{2}批-学籍更正省级审批材料", batch.Campaign, batch.College, batch.Sequence].Value;
        return await ReadyAsync(new EvidencePacketPlan(title + ".zip", title, reports, scope.All), "batch", batchId, ct);
    }

    /// <summary>Every submitted batch of the campaign (the registrar's).</summary>
    public async Task<PacketOutcome> CampaignAsync(int? campaignId, CancellationToken ct)
    {
        var campaigns = db.Campaigns.AsNoTracking();
        var campaign = await (campaignId is int id ? campaigns.Where(c => c.Id == id) : campaigns.OrderByDescending(c => c.OpensAt))
            .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        if (campaign is null)
        {
            return new PacketOutcome(PacketState.NotFound);
        }

        if (_fonts.Missing is not null)
        {
            return FontMissing();
        }

        var reports = await forms.Sources(db.Reports.Where(r => r.CampaignId == campaign.Id && r.Batch!.Status != BatchStatus.Draft)).ToListAsync(ct);
        var title = l["{0}-{1}-学籍更正省级审批材料", campaign.Name, l["全部学院"].Value].Value;
        return await ReadyAsync(new EvidencePacketPlan(title + ".zip", title, reports, FullIds: true), "campaign", campaign.Id, ct);
    }

    /// <summary>Writes the zip; each entry is sent to <paramref name="output"/> as soon as it is complete.</summary>
    public async Task WriteAsync(EvidencePacketPlan plan, Stream output, CancellationToken ct)
    {
        var root = new PacketNames();
        using var buffer = new EntryBuffer();
        var folders = plan.Reports.GroupBy(r => r.Student.Id).Select(g => (Reports: g.ToList(),
            Folder: root.Unique(g.First().Student.StudentNumber + "_" + g.First().Student.Name))).ToList();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var workbookName = root.Unique(l["汇总表"].Value + ".xlsx");
            var summary = new EvidencePacketWorkbook(l, clock).Build(plan, folders.SelectMany(f => f.Reports.Select(r => (r, f.Folder))).ToList());
            await AddAsync(zip, buffer, output, workbookName, summary, ct);

            var pdf = new ApplicationFormPdf(_fonts, l);
            foreach (var (reports, folder) in folders)
            {
                var names = new PacketNames();
                foreach (var report in reports)
                {
                    var form = forms.Build(report, plan.FullIds);
                    var name = folder + "/" + names.Unique(l["申请表-{0}-{1}", form.FieldLabel, report.ReportId].Value + ".pdf");
                    await AddAsync(zip, buffer, output, name, pdf.Render(form), ct);
                }

                foreach (var evidence in reports.SelectMany(r => r.Evidence))
                {
                    var content = await db.ReportEvidence.AsNoTracking().Where(e => e.Id == evidence.Id).Select(e => e.Content).FirstOrDefaultAsync(ct);
                    if (content is not null)
                    {
                        await AddAsync(zip, buffer, output, folder + "/" + names.Unique(evidence.FileName), content, ct);
                    }
                }
            }
        }

        // Disposing the archive wrote the central directory into the buffer.
        await buffer.DrainToAsync(output, ct);
        logger.LogInformation("Evidence packet written: {Reports} reports, {Students} students", plan.Reports.Count, folders.Count);
    }

    private async Task<PacketOutcome> ReadyAsync(EvidencePacketPlan plan, string targetType, int targetId, CancellationToken ct)
    {
        var files = plan.Reports.Sum(r => r.Evidence.Count);
        var students = plan.Reports.Select(r => r.Student.Id).Distinct().Count();
        audit.Add(AuditActions.Export, targetType, targetId, $"evidence-packet;reports={plan.Reports.Count};students={students};files={files};fullIds={plan.FullIds}");
        await db.SaveChangesAsync(ct);
        return new PacketOutcome(PacketState.Ready, plan);
    }

    private PacketOutcome FontMissing()
    {
        logger.LogError("The PDF font file {FontPath} is missing (settings Pdf:FontPath, Pdf:LatinFontPath)", _fonts.Missing);
        return new PacketOutcome(PacketState.FontMissing, FontPath: _fonts.Missing);
    }

    private static async Task AddAsync(ZipArchive zip, EntryBuffer buffer, Stream output, string name, byte[] content, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using (var stream = entry.Open())
        {
            stream.Write(content);
        }

        await buffer.DrainToAsync(output, ct);
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Spreadsheets;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.ChsiExport;

public sealed record ChsiFile(byte[] Content, string FileName, string ContentType);

public sealed record ChsiCollegeOption(int Id, string Name);

/// <summary>The registrar's page: which campaign and college, how many corrected records, and the .dbf's note before downloading.</summary>
public sealed record ChsiExportPage(
    IReadOnlyList<ChsiCampaign> Campaigns, IReadOnlyList<ChsiCollegeOption> Colleges, CorrectedRecordSet? Set, ChsiDbfLayout? Dbf,
    IReadOnlyList<PacketBatch> Batches);

/// <summary>A submitted batch of the campaign and how many of its reports need the province (each gets a form in the packet).</summary>
public sealed record PacketBatch(int Id, string CollegeName, int Sequence, int ApprovalReports);

/// <summary>
/// The corrected records of a campaign or one college in CHSI's structure, as .xlsx and .dbf (the registrar's,
/// whole-university scope). Each download is audited with counts only; full ID numbers are in the file, as in the
/// registrar's batch export, because CHSI needs them.
/// </summary>
public sealed class ExportCorrectedRecordsHandler(
    RegistryDbContext db, CorrectedRecordsHandler records, AuditLog audit, CampaignClock clock, IStringLocalizer<SharedResource> l)
{
    public const string DbfContentType = "application/dbf";

    public async Task<ChsiExportPage> PageAsync(int? campaignId, int? collegeId, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.OpensAt)
            .Select(c => new ChsiCampaign(c.Id, c.Name, c.Cohort)).ToListAsync(ct);
        var colleges = await db.Colleges.AsNoTracking().OrderBy(c => c.Name).Select(c => new ChsiCollegeOption(c.Id, c.Name)).ToListAsync(ct);
        var set = await records.LoadAsync(campaignId, collegeId, ct);
        var batches = set is null ? [] : await db.Batches.AsNoTracking()
            .Where(b => b.CampaignId == set.Campaign.Id && b.Status != BatchStatus.Draft && (collegeId == null || b.CollegeId == collegeId))
            .OrderBy(b => b.College.Name).ThenBy(b => b.Sequence)
            .Select(b => new PacketBatch(b.Id, b.College.Name, b.Sequence, b.Reports.Count(r => r.NeedsProvincialApproval && (r.Status == ReportStatus.InBatch || r.Status == ReportStatus.Corrected))))
            .ToListAsync(ct);
        return new ChsiExportPage(campaigns, colleges, set, set is null ? null : ChsiDbfLayout.For(set.Records), batches);
    }

    public async Task<ChsiFile?> XlsxAsync(int? campaignId, int? collegeId, CancellationToken ct)
    {
        var set = await records.LoadAsync(campaignId, collegeId, ct);
        if (set is null)
        {
            return null;
        }

        var dbf = ChsiDbfLayout.For(set.Records);
        var exportedAt = clock.ToLocal(clock.UtcNow).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var content = new CorrectedRecordsWorkbook(l).Build(set, dbf, exportedAt);
        await AuditAsync(set, "xlsx", dbf, ct);
        return new ChsiFile(content, FileName(set, "xlsx"), SpreadsheetTypes.Xlsx);
    }

    public async Task<ChsiFile?> DbfAsync(int? campaignId, int? collegeId, CancellationToken ct)
    {
        var set = await records.LoadAsync(campaignId, collegeId, ct);
        if (set is null)
        {
            return null;
        }

        var dbf = ChsiDbfLayout.For(set.Records);
        var content = dbf.Write(clock.Today);
        await AuditAsync(set, "dbf", dbf, ct);
        return new ChsiFile(content, FileName(set, "dbf"), DbfContentType);
    }

    private async Task AuditAsync(CorrectedRecordSet set, string format, ChsiDbfLayout dbf, CancellationToken ct)
    {
        audit.Add(AuditActions.Export, "campaign", set.Campaign.Id,
            $"chsi-records;format={format};college={set.CollegeId?.ToString(CultureInfo.InvariantCulture) ?? "all"};rows={set.Records.Count};notInDbf={dbf.Excluded.Count}");
        await db.SaveChangesAsync(ct);
    }

    private string FileName(CorrectedRecordSet set, string extension) =>
        l["{0}-{1}-学籍更正数据（学信网字段）.{2}", set.Campaign.Name, set.CollegeName ?? l["全部学院"].Value, extension].Value;
}

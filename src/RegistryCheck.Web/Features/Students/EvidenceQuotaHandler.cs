using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

/// <summary>What one student may still store and submit, against the Corrections quota and report rate.</summary>
public sealed record EvidenceAllowance(int FilesLeft, long BytesLeft, int ReportsLeft, DateTime? NextReportAt)
{
    public const string QuotaMessage = "证明材料已超出您的存储上限：您还可以上传 {0} 个文件，共 {1} MB。已撤回报告的材料在保存期满删除后才不再计入";

    public bool Admits(int files, long bytes) => files <= FilesLeft && bytes <= BytesLeft;

    /// <summary>Rounded down to a tenth, so the figure shown never promises more than fits.</summary>
    public static string Megabytes(long bytes) =>
        (Math.Floor(Math.Max(0, bytes) / 1024d / 1024d * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>
/// Counts a student's stored evidence over every report of every campaign — withdrawn and resolved reports too, until
/// the retention purge deletes their files — and the reports submitted within the rate window. Not a lock by
/// itself: SubmitReportHandler reads it after loading the check whose version its save bumps (ADR-019).
/// </summary>
public sealed class EvidenceQuotaHandler(RegistryDbContext db, CampaignClock clock, IOptions<CorrectionOptions> options)
{
    public async Task<EvidenceAllowance> AllowanceAsync(int studentId, CancellationToken ct)
    {
        var o = options.Value;
        var evidence = db.ReportEvidence.AsNoTracking().Where(e => e.Report.StudentId == studentId);
        var files = await evidence.CountAsync(ct);
        var bytes = files == 0 ? 0 : await evidence.SumAsync(e => (long)e.SizeBytes, ct);
        var since = clock.UtcNow - o.ReportWindow;
        var recent = await db.Reports.AsNoTracking()
            .Where(r => r.StudentId == studentId && r.SubmittedAt > since)
            .OrderBy(r => r.SubmittedAt)
            .Select(r => r.SubmittedAt)
            .Take(o.MaxReportsPerWindow + 1)
            .ToListAsync(ct);
        var reportsLeft = o.MaxReportsPerWindow - recent.Count;
        // The oldest report in the window leaves it first: then one more may be submitted.
        DateTime? next = reportsLeft > 0 || recent.Count == 0 ? null : recent[recent.Count - o.MaxReportsPerWindow] + o.ReportWindow;
        return new EvidenceAllowance(
            Math.Max(0, o.EvidenceQuotaFiles - files),
            Math.Max(0, o.EvidenceQuotaBytes - bytes),
            Math.Max(0, reportsLeft),
            next);
    }
}

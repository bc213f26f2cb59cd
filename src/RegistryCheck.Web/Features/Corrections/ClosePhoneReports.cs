using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Corrections;

/// <summary>
/// 联系电话 is no longer corrected by a report: the student edits it on the record page. Reports on it that are still
/// open (filed before the switch) are closed as 未予更正 with a note saying so, and their history keeps who (系统),
/// when and why. Each report is saved on its own with its version: several instances starting at once close each
/// report once, and the one that loses a race moves on. Run at every start-up; once nothing is open it does nothing.
/// </summary>
public sealed class ClosePhoneReportsHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit, ILogger<ClosePhoneReportsHandler> logger)
{
    public const string Note = "联系电话不再通过报告更正，请在“我的学籍信息”页面直接修改。";
    public const string Actor = "系统";

    public async Task<int> HandleAsync(CancellationToken ct)
    {
        var ids = await db.Reports.AsNoTracking()
            .Where(r => r.Field == RecordField.Phone && ReportRules.OpenStatuses.Contains(r.Status))
            .Select(r => r.Id).ToListAsync(ct);
        var closed = 0;
        foreach (var id in ids)
        {
            closed += await CloseAsync(id, ct) ? 1 : 0;
        }

        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} open phone reports: the phone is now edited directly", closed);
        }

        return closed;
    }

    private async Task<bool> CloseAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var report = await db.Reports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || !ReportRules.IsOpen(report.Status))
        {
            return false;
        }

        var now = clock.UtcNow;
        var from = report.Status;
        report.History.Add(new ReportHistoryEntry { ReportId = report.Id, FromStatus = from, ToStatus = ReportStatus.Rejected, At = now, ActorName = Actor, Note = Note });
        report.Status = ReportStatus.Rejected;
        report.RejectionReason = Note;
        report.UpdatedAt = now;
        audit.Add(AuditActions.ReportStatusChanged, "report", report.Id, $"from={from};to={ReportStatus.Rejected};phone-edited-directly");
        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == report.CampaignId && c.StudentId == report.StudentId, ct);
        if (check is not null)
        {
            await checks.RecalculateAsync(check, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance (or a counselor) moved it first.
            return false;
        }
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

public enum StudentReportOutcome
{
    Done,
    NotFound,
    Closed,
    NotAllowedInStatus,
    ChangedMeanwhile,
}

/// <summary>
/// The student's own actions on a report: withdraw it (until it is in a college batch) or answer the
/// counselor's question. A report of another student is "not found", never "forbidden".
/// </summary>
public sealed class StudentReportActionsHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit)
{
    public async Task<StudentReportOutcome> WithdrawAsync(int studentId, int reportId, CancellationToken ct)
    {
        var (report, check, outcome) = await LoadAsync(studentId, reportId, ct);
        if (report is null || check is null)
        {
            return outcome;
        }

        if (!ReportRules.StudentMayWithdraw(report.Status))
        {
            return StudentReportOutcome.NotAllowedInStatus;
        }

        Move(report, ReportStatus.Withdrawn, report.Student.Name, null);
        await checks.RecalculateAsync(check, ct);
        audit.Add(AuditActions.ReportWithdrawn, "report", report.Id);
        return await SaveAsync(ct);
    }

    public async Task<StudentReportOutcome> AnswerAsync(int studentId, int reportId, string? answer, CancellationToken ct)
    {
        var (report, check, outcome) = await LoadAsync(studentId, reportId, ct);
        if (report is null || check is null)
        {
            return outcome;
        }

        if (report.Status != ReportStatus.ReturnedToStudent)
        {
            return StudentReportOutcome.NotAllowedInStatus;
        }

        var text = Infrastructure.TextInput.Clean(answer);
        report.StudentAnswer = text.Length > 1000 ? text[..1000] : text;
        Move(report, ReportStatus.Submitted, report.Student.Name, report.StudentAnswer);
        await checks.RecalculateAsync(check, ct);
        audit.Add(AuditActions.ReportStatusChanged, "report", report.Id, "answered");
        return await SaveAsync(ct);
    }

    private async Task<(CorrectionReport? Report, StudentCheck? Check, StudentReportOutcome Outcome)> LoadAsync(int studentId, int reportId, CancellationToken ct)
    {
        var report = await db.Reports.Include(r => r.Student)
            .FirstOrDefaultAsync(r => r.Id == reportId && r.StudentId == studentId, ct);
        if (report is null)
        {
            return (null, null, StudentReportOutcome.NotFound);
        }

        var check = await checks.CurrentCheckAsync(studentId, report.Student.Cohort, ct);
        if (check is null || check.CampaignId != report.CampaignId || !checks.IsOpen(check.Campaign, check))
        {
            return (null, null, StudentReportOutcome.Closed);
        }

        return (report, check, StudentReportOutcome.Done);
    }

    private void Move(CorrectionReport report, ReportStatus to, string actorName, string? note)
    {
        var now = clock.UtcNow;
        report.History.Add(new ReportHistoryEntry { FromStatus = report.Status, ToStatus = to, At = now, ActorName = actorName, Note = note });
        report.Status = to;
        report.UpdatedAt = now;
    }

    private async Task<StudentReportOutcome> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return StudentReportOutcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return StudentReportOutcome.ChangedMeanwhile;
        }
    }
}

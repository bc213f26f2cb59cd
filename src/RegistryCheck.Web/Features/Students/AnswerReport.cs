using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

/// <summary>The student answers the counselor's question on a returned report, which goes back to the counselor.</summary>
public sealed class AnswerReportHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit)
    : StudentReportAction(db, checks, clock)
{
    public async Task<StudentReportOutcome> HandleAsync(int studentId, int reportId, string? answer, CancellationToken ct)
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
        await Checks.RecalculateAsync(check, ct);
        audit.Add(AuditActions.ReportStatusChanged, "report", report.Id, "answered");
        return await SaveAsync(ct);
    }
}

using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

/// <summary>The student withdraws a report, until it is in a college batch.</summary>
public sealed class WithdrawReportHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit)
    : StudentReportAction(db, checks, clock)
{
    public async Task<StudentReportOutcome> HandleAsync(int studentId, int reportId, CancellationToken ct)
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
        await Checks.RecalculateAsync(check, ct);
        audit.Add(AuditActions.ReportWithdrawn, "report", report.Id);
        return await SaveAsync(ct);
    }
}

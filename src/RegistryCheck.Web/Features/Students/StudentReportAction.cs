using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

/// <summary>
/// What the student's own actions on a report share (withdraw, answer): the report is looked up with its owner,
/// so a report of another student is "not found", never "forbidden"; it can change only while the campaign is open.
/// </summary>
public abstract class StudentReportAction(RegistryDbContext db, StudentChecks checks, CampaignClock clock)
{
    protected StudentChecks Checks => checks;

    protected async Task<(CorrectionReport? Report, StudentCheck? Check, StudentReportOutcome Outcome)> LoadAsync(int studentId, int reportId, CancellationToken ct)
    {
        var report = await db.Reports.Include(r => r.Student)
            .FirstOrDefaultAsync(r => r.Id == reportId && r.StudentId == studentId, ct);
        if (report is null)
        {
            return (null, null, StudentReportOutcome.NotFound);
        }

        var check = await checks.CurrentCheckAsync(studentId, ct);
        if (check is null || check.CampaignId != report.CampaignId || !checks.IsOpen(check.Campaign, check))
        {
            return (null, null, StudentReportOutcome.Closed);
        }

        return (report, check, StudentReportOutcome.Done);
    }

    protected void Move(CorrectionReport report, ReportStatus to, string actorName, string? note)
    {
        var now = clock.UtcNow;
        report.History.Add(new ReportHistoryEntry { FromStatus = report.Status, ToStatus = to, At = now, ActorName = actorName, Note = note });
        report.Status = to;
        report.UpdatedAt = now;
    }

    protected async Task<StudentReportOutcome> SaveAsync(CancellationToken ct)
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

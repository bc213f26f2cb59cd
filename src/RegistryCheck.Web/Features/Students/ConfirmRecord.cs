using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

public enum ConfirmOutcome
{
    Confirmed,
    NoCampaign,
    Closed,
    HasOpenReports,
}

/// <summary>信息无误: the student confirms the record, which is refused while a report is still open.</summary>
public sealed class ConfirmRecordHandler(RegistryDbContext db, StudentChecks checks, CampaignClock clock, AuditLog audit)
{
    public async Task<ConfirmOutcome> HandleAsync(int studentId, CancellationToken ct)
    {
        try
        {
            return await ConfirmAsync(studentId, retry: false, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A double click, or the record page's "viewed" write: another request changed the check first. Read
            // it again and decide on what it is now (already confirmed, or a report arrived meanwhile).
            db.ChangeTracker.Clear();
            return await ConfirmAsync(studentId, retry: true, ct);
        }
    }

    private async Task<ConfirmOutcome> ConfirmAsync(int studentId, bool retry, CancellationToken ct)
    {
        var check = await checks.CurrentCheckAsync(studentId, ct);
        if (check is null)
        {
            return ConfirmOutcome.NoCampaign;
        }

        if (!checks.IsOpen(check.Campaign, check))
        {
            return ConfirmOutcome.Closed;
        }

        var hasOpen = await db.Reports.AnyAsync(r => r.StudentId == studentId && r.CampaignId == check.CampaignId
            && ReportRules.OpenStatuses.Contains(r.Status), ct);
        if (hasOpen)
        {
            return ConfirmOutcome.HasOpenReports;
        }

        if (retry && check.ConfirmedAt is not null)
        {
            // The first click's confirmation: the second sees it, and writes nothing more.
            return ConfirmOutcome.Confirmed;
        }

        var now = clock.UtcNow;
        check.FirstViewedAt ??= now;
        check.LastViewedAt = now;
        check.ConfirmedAt = now;
        await checks.RecalculateAsync(check, ct);
        audit.Add(AuditActions.RecordConfirmed, "student", studentId);
        await db.SaveChangesAsync(ct);
        return ConfirmOutcome.Confirmed;
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// Finds a student's current campaign and check, and keeps the check's state in line with its facts.
/// Students see only the current campaign of their cohort: open (not closed) and already started.
/// </summary>
public sealed class StudentChecks(RegistryDbContext db, CampaignClock clock)
{
    public Task<Campaign?> CurrentCampaignAsync(int cohort, CancellationToken ct)
    {
        var now = clock.UtcNow;
        return db.Campaigns
            .Where(c => c.Cohort == cohort && c.ClosedAt == null && c.OpensAt <= now)
            .OrderByDescending(c => c.OpensAt)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The tracked check of the student in the current campaign, created on first need.</summary>
    public async Task<StudentCheck?> CurrentCheckAsync(int studentId, int cohort, CancellationToken ct)
    {
        var campaign = await CurrentCampaignAsync(cohort, ct);
        if (campaign is null)
        {
            return null;
        }

        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaign.Id && c.StudentId == studentId, ct);
        if (check is null)
        {
            // Checks are created with the campaign and at import; this covers a student added in between.
            check = new StudentCheck { CampaignId = campaign.Id, StudentId = studentId, StateChangedAt = clock.UtcNow };
            db.StudentChecks.Add(check);
        }

        check.Campaign = campaign;
        return check;
    }

    public static DateTime EffectiveDeadline(Campaign campaign, StudentCheck? check) =>
        check?.DeadlineOverride is DateTime own && own > campaign.Deadline ? own : campaign.Deadline;

    /// <summary>Students may confirm, report and withdraw only while this is true.</summary>
    public bool IsOpen(Campaign campaign, StudentCheck? check)
    {
        var now = clock.UtcNow;
        return campaign.ClosedAt is null && now >= campaign.OpensAt && now <= EffectiveDeadline(campaign, check);
    }

    /// <summary>Re-derives the state from the reports; call after any change to them or to the check.</summary>
    public async Task RecalculateAsync(StudentCheck check, CancellationToken ct)
    {
        // Reports changed in this unit of work count as they are now, the others as stored.
        var tracked = db.ChangeTracker.Entries<CorrectionReport>()
            .Select(e => e.Entity)
            .Where(r => r.StudentId == check.StudentId && r.CampaignId == check.CampaignId)
            .ToList();
        var trackedIds = tracked.Where(r => r.Id != 0).Select(r => r.Id).ToList();
        var stored = await db.Reports
            .Where(r => r.StudentId == check.StudentId && r.CampaignId == check.CampaignId && !trackedIds.Contains(r.Id))
            .Select(r => new { r.Status, r.ResolvedAt })
            .ToListAsync(ct);
        var all = stored.Concat(tracked.Select(r => new { r.Status, r.ResolvedAt })).ToList();
        var open = all.Count(r => ReportRules.IsOpen(r.Status));
        var resolved = all.Where(r => r.Status is ReportStatus.Corrected or ReportStatus.Rejected).ToList();
        CheckStates.Apply(check, open, resolved.Count, resolved.Max(r => r.ResolvedAt), clock.UtcNow);
    }
}

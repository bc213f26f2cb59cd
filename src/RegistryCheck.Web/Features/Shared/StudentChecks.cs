using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// Finds a student's current check and campaign, and keeps the check's state in line with its facts. The campaign is
/// found through the student's own check row: every student of a cohort is in exactly one open campaign
/// (<see cref="CampaignTargeting"/>), so "current" is the student's check whose campaign is open (not closed) and
/// already started — never "the cohort's campaign", since a cohort may run several (专升本 and the rest).
/// </summary>
public sealed class StudentChecks(RegistryDbContext db, CampaignClock clock)
{
    /// <summary>The tracked check of the student in the current campaign, created on first need.</summary>
    public async Task<StudentCheck?> CurrentCheckAsync(int studentId, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var check = await db.StudentChecks.Include(c => c.Campaign)
            .Where(c => c.StudentId == studentId && c.Campaign.ClosedAt == null && c.Campaign.OpensAt <= now)
            .OrderByDescending(c => c.Campaign.OpensAt)
            .FirstOrDefaultAsync(ct);
        if (check is not null)
        {
            return check;
        }

        // Checks are created with the campaign and at import; this covers a student added in between.
        var student = await db.Students.AsNoTracking().Where(s => s.Id == studentId).Select(s => new { s.Cohort, s.IntakeType }).FirstOrDefaultAsync(ct);
        if (student is null)
        {
            return null;
        }

        var target = CampaignTargeting.TargetOf(await CampaignTargeting.OpenTargetsAsync(db, student.Cohort, ct), student.IntakeType);
        var campaign = target is null ? null : await db.Campaigns.FirstOrDefaultAsync(c => c.Id == target.Id && c.OpensAt <= now, ct);
        if (campaign is null
            || await db.StudentChecks.AnyAsync(c => c.StudentId == studentId && c.Campaign.ClosedAt == null, ct))
        {
            // Its campaign has not started yet (the student's check waits there), or none targets the student.
            return null;
        }

        check = new StudentCheck { CampaignId = campaign.Id, StudentId = studentId, StateChangedAt = now, Campaign = campaign };
        db.StudentChecks.Add(check);
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

    /// <summary>The 学信网 check's deadline: its own, else the portal check's; a student's extension applies to both.</summary>
    public static DateTime XuexinDeadline(Campaign campaign, StudentCheck? check)
    {
        var own = campaign.XuexinDeadline ?? campaign.Deadline;
        return check?.DeadlineOverride is DateTime extended && extended > own ? extended : own;
    }

    /// <summary>Where the 学信网 check of a campaign stands for a student now.</summary>
    public XuexinWindow XuexinWindowOf(Campaign campaign, StudentCheck? check)
    {
        if (campaign.ClosedAt is not null)
        {
            return XuexinWindow.Closed;
        }

        if (campaign.XuexinOpenedAt is null || clock.UtcNow < campaign.OpensAt)
        {
            return XuexinWindow.NotOpen;
        }

        return clock.UtcNow <= XuexinDeadline(campaign, check) ? XuexinWindow.Open : XuexinWindow.Late;
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

/// <summary>The 学信网 check's window: not opened by the registrar yet, open, past its deadline (accepted, marked late), closed.</summary>
public enum XuexinWindow
{
    NotOpen,
    Open,
    Late,
    Closed,
}

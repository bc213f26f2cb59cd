using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Tracking;

public sealed class NudgeForm
{
    [Display(Name = "催查方式")]
    public NudgeChannel Channel { get; set; }

    [Display(Name = "备注")]
    [StringLength(500, ErrorMessage = "{0}过长")]
    public string? Note { get; set; }
}

public enum ExemptionKind
{
    /// <summary>保留入学资格.</summary>
    Deferred = 0,
    /// <summary>放弃入学资格.</summary>
    Withdrawn = 1,
    /// <summary>预科.</summary>
    Preparatory = 2,
    Other = 3,
}

public sealed class ExemptForm
{
    [Display(Name = "免核对原因")]
    public ExemptionKind Kind { get; set; }

    [Display(Name = "说明")]
    [StringLength(200, ErrorMessage = "{0}过长")]
    public string? Reason { get; set; }
}

/// <summary>
/// Nudges (催查) for one student or for every student of a filtered list. The check's last-nudge columns are written
/// with a set-based UPDATE that leaves the row version alone: they are the counselor's, disjoint from what the
/// student changes, so a nudge never makes a student's concurrent confirmation fail.
/// </summary>
public sealed class NudgeHandler(RegistryDbContext db, StaffScopes scopes, CampaignClock clock)
{
    /// <summary>Ids per statement: any provider's parameter limit is far above it.</summary>
    private const int Chunk = 500;

    public async Task<bool> OneAsync(ClaimsPrincipal user, StudentRef student, CampaignOption campaign, NudgeForm form, CancellationToken ct)
    {
        var checkId = await db.StudentChecks.Where(c => c.CampaignId == campaign.Id && c.StudentId == student.Id)
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        if (checkId is null)
        {
            return false;
        }

        await RecordAsync(user, [checkId.Value], form, ct);
        return true;
    }

    /// <summary>Nudges every student the list's filter matches (all pages); returns how many.</summary>
    public async Task<int> ListAsync(ClaimsPrincipal user, UnitRef unit, CampaignOption campaign, ListQuery raw, NudgeForm form, CancellationToken ct)
    {
        var query = raw.Normalized();
        var scope = await scopes.ForAsync(user, ct);
        // Only the ids leave the database: an int per student, never the students themselves.
        var ids = await StudentFilter.Filter(StudentFilter.Rows(db, scope, unit, campaign.Id, campaign.Cohort), query)
            .Select(r => r.Check.Id).ToListAsync(ct);
        await RecordAsync(user, ids, form, ct);
        return ids.Count;
    }

    private async Task RecordAsync(ClaimsPrincipal user, IReadOnlyList<int> checkIds, NudgeForm form, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var byUser = user.GetUserId();
        var note = string.IsNullOrWhiteSpace(form.Note) ? null : TextInput.Clean(form.Note);
        var channel = form.Channel;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in checkIds.Chunk(Chunk))
        {
            db.Nudges.AddRange(chunk.Select(id => new Nudge { StudentCheckId = id, Channel = channel, Note = note, At = now, ByUserId = byUser }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await db.StudentChecks.Where(c => chunk.Contains(c.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastNudgeAt, now).SetProperty(c => c.LastNudgeChannel, channel), ct);
        }

        await tx.CommitAsync(ct);
    }
}

/// <summary>
/// "Forgot my password": back to the initial rule (last six of the ID number). The hash goes, so the student must
/// set an own password again; a new security stamp ends every open session of the account at its next validation;
/// the account's sign-in lockout is lifted.
/// </summary>
public sealed class ResetPasswordHandler(RegistryDbContext db, AuditLog audit, ILogger<ResetPasswordHandler> logger)
{
    public async Task<bool> HandleAsync(StudentRef student, CancellationToken ct)
    {
        var account = await db.Users.FirstOrDefaultAsync(u => u.StudentId == student.Id, ct);
        if (account is null)
        {
            return false;
        }

        account.PasswordHash = null;
        account.PasswordChangedAt = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.ConcurrencyStamp = Guid.NewGuid().ToString();
        var key = SignInGuard.StudentKey(student.StudentNumber);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
        audit.Add(AuditActions.PasswordReset, "student", student.Id, "reset to the initial password rule");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Password of student {StudentId} reset to the initial rule", student.Id);
        return true;
    }
}

public enum ExemptOutcome
{
    Done,
    NoCheck,
    ReasonNeeded,
}

/// <summary>保留入学资格, 放弃入学资格, 预科…: the student needs no check and leaves every count, until undone.</summary>
public sealed class ExemptionHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<ExemptOutcome> ExemptAsync(StudentRef student, CampaignOption campaign, ExemptForm form, CancellationToken ct)
    {
        var reason = string.IsNullOrWhiteSpace(form.Reason) ? null : TextInput.Clean(form.Reason);
        if (form.Kind == ExemptionKind.Other && reason is null)
        {
            return ExemptOutcome.ReasonNeeded;
        }

        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaign.Id && c.StudentId == student.Id, ct);
        if (check is null)
        {
            return ExemptOutcome.NoCheck;
        }

        var label = TrackingLabels.Exemption(form.Kind);
        check.IsExempt = true;
        check.ExemptReason = reason is null ? label : label + "：" + reason;
        audit.Add(AuditActions.ExemptionChanged, "student", student.Id, $"exempt; campaign={campaign.Id}; kind={form.Kind}");
        await db.SaveChangesAsync(ct);
        return ExemptOutcome.Done;
    }

    public async Task<ExemptOutcome> UndoAsync(StudentRef student, CampaignOption campaign, CancellationToken ct)
    {
        var check = await db.StudentChecks.FirstOrDefaultAsync(c => c.CampaignId == campaign.Id && c.StudentId == student.Id, ct);
        if (check is null)
        {
            return ExemptOutcome.NoCheck;
        }

        check.IsExempt = false;
        check.ExemptReason = null;
        audit.Add(AuditActions.ExemptionChanged, "student", student.Id, $"exemption undone; campaign={campaign.Id}");
        await db.SaveChangesAsync(ct);
        return ExemptOutcome.Done;
    }
}

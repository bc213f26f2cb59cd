using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
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
        var ids = await StudentFilter.Filter(StudentFilter.Rows(db, scope, unit, campaign.Id, campaign.Cohort, query.Intake), query)
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

using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// Writes nudges (催查) for checks, the one way both <see cref="NudgeStudentHandler"/> and <see cref="NudgeListHandler"/>
/// do. The check's last-nudge columns are written with a set-based UPDATE that leaves the row version alone: they are
/// the counselor's, disjoint from what the student changes, so a nudge never makes a student's concurrent
/// confirmation fail.
/// </summary>
public static class NudgeRecord
{
    /// <summary>Ids per statement: any provider's parameter limit is far above it.</summary>
    private const int Chunk = 500;

    public static async Task AddAsync(RegistryDbContext db, DateTime now, ClaimsPrincipal user, IReadOnlyList<int> checkIds, NudgeForm form, CancellationToken ct)
    {
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

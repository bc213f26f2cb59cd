using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// The administrator's "end all sessions" for a staff account: the account's session rows are deleted, so every
/// instance refuses their cookies at the next request (not within a minute, as a security-stamp change would).
/// </summary>
public sealed class EndStaffSessionsHandler(RegistryDbContext db, AuditLog audit, ILogger<EndStaffSessionsHandler> logger)
{
    /// <returns>The number of sessions ended, or null when there is no such staff account.</returns>
    public async Task<int?> HandleAsync(int id, int actorId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id && u.StudentId == null, ct))
        {
            return null;
        }

        var ended = await db.UserSessions.Where(s => s.UserId == id).ExecuteDeleteAsync(ct);
        await audit.WriteNowAsync(AuditActions.SessionEnded, "user", id, $"all sessions ended by administrator: {ended}");
        logger.LogInformation("Administrator {ActorId} ended {Count} sessions of {UserId}", actorId, ended, id);
        return ended;
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>
/// Used tickets in <c>SsoTicketUses</c> (the primary key refuses a second use on any instance), single logout
/// through the session store's rows (<c>UserSessions.SsoSessionHash</c>).
/// </summary>
public sealed class CasTicketLedger(RegistryDbContext db, TimeProvider time, AuditLog audit, ILogger<CasTicketLedger> logger) : ICasTicketLedger
{
    /// <summary>CAS service tickets live seconds; a day of history is far more than any replay window.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    public async Task<bool> TryUseAsync(string ticketHash, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now - Keep;
        await db.SsoTicketUses.Where(t => t.UsedAt < cutoff).ExecuteDeleteAsync(ct);
        var use = db.SsoTicketUses.Add(new SsoTicketUse { TicketHash = ticketHash, UsedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            logger.LogWarning("A CAS service ticket was presented a second time");
            return false;
        }
        finally
        {
            use.State = EntityState.Detached;
        }
    }

    public async Task<int> EndSessionsAsync(string ticketHash, CancellationToken ct)
    {
        var users = await db.UserSessions.Where(s => s.SsoSessionHash == ticketHash).Select(s => s.UserId).Distinct().ToListAsync(ct);
        var ended = await db.UserSessions.Where(s => s.SsoSessionHash == ticketHash).ExecuteDeleteAsync(ct);
        foreach (var userId in users)
        {
            audit.Add(AuditActions.SsoSingleLogout, "user", userId, $"CAS single logout, sessions ended: {ended}");
        }

        if (users.Count == 0)
        {
            audit.Add(AuditActions.SsoSingleLogout, details: "CAS logout request for a ticket without a session", succeeded: false);
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("CAS single logout ended {Count} sessions", ended);
        return ended;
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Account;

public sealed record SessionRow(int Id, DateTime CreatedAt, DateTime LastRenewedAt, string Method, string? IpAddress, string? UserAgent, bool IsCurrent);

/// <summary>
/// A staff member's own active sessions (the rows of the server-side session store), and ending one or all but this
/// one. Only the signed-in user's own rows are ever read or deleted.
/// </summary>
public sealed class MySessionsHandler(RegistryDbContext db, TimeProvider time, AuditLog audit)
{
    public async Task<IReadOnlyList<SessionRow>> ListAsync(int userId, string? currentKey, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastRenewedAt)
            .Select(s => new SessionRow(s.Id, s.CreatedAt, s.LastRenewedAt, s.Method, s.IpAddress, s.UserAgent, s.Key == currentKey))
            .ToListAsync(ct);
    }

    /// <summary>Ends one of the user's sessions; false when it is not theirs (or already gone).</summary>
    public async Task<bool> EndAsync(int userId, int sessionId, CancellationToken ct)
    {
        var ended = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync(ct);
        // Someone else's session id (or a stale one): "not found", and audited like any row outside the caller's reach.
        await (ended > 0
            ? audit.WriteNowAsync(AuditActions.SessionEnded, "user", userId, "own session ended")
            : audit.WriteNowAsync(AuditActions.AccessDenied, "session", sessionId, succeeded: false));
        return ended > 0;
    }

    public async Task<int> EndOthersAsync(int userId, string? currentKey, CancellationToken ct)
    {
        var ended = await db.UserSessions.Where(s => s.UserId == userId && s.Key != currentKey).ExecuteDeleteAsync(ct);
        await audit.WriteNowAsync(AuditActions.SessionEnded, "user", userId, $"other sessions ended: {ended}");
        return ended;
    }
}

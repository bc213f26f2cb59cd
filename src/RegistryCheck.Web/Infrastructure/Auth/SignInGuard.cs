using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Auth;

public sealed class SignInGuardOptions
{
    /// <summary>Failures of one account name before it is locked.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;
    public TimeSpan AccountLockout { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Failures from one client address within <see cref="ClientWindow"/> before it is slowed down.
    /// Generous, because a whole dormitory can share one address behind the campus NAT.</summary>
    public int MaxFailuresPerClient { get; set; } = 30;
    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(10);
}

public readonly record struct GuardVerdict(bool Allowed, DateTime? RetryAfterUtc, bool ClientLimited, int RemainingAttempts);

/// <summary>
/// Lockout per account name and a rate limit per client address, both in the database so that they hold
/// across instances. Keyed by the name as typed (normalised), so a student number that does not exist is
/// locked exactly like one that does: the responses cannot tell them apart.
/// </summary>
public sealed class SignInGuard(RegistryDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<SignInGuardOptions> settings)
{
    private readonly SignInGuardOptions options = settings.Value;

    public static string AccountKey(string kind, string normalizedName) => $"{kind}:{normalizedName}";
    public static string ClientKey(string? address) => $"ip:{address ?? "unknown"}";

    public async Task<GuardVerdict> CheckAsync(string accountKey, string clientKey, CancellationToken ct)
    {
        var now = Now;
        var rows = await db.SignInThrottles.AsNoTracking()
            .Where(t => t.Key == accountKey || t.Key == clientKey)
            .ToListAsync(ct);
        var account = rows.FirstOrDefault(r => r.Key == accountKey);
        var client = rows.FirstOrDefault(r => r.Key == clientKey);
        if (client?.LockedUntil > now)
        {
            return new GuardVerdict(false, client.LockedUntil, true, 0);
        }

        if (account?.LockedUntil > now)
        {
            return new GuardVerdict(false, account.LockedUntil, false, 0);
        }

        var used = account is null || account.LockedUntil <= now ? 0 : account.FailedCount;
        return new GuardVerdict(true, null, false, options.MaxFailuresPerAccount - used);
    }

    /// <summary>Counts a failure; returns the verdict for the next attempt.</summary>
    public async Task<GuardVerdict> RecordFailureAsync(string accountKey, string clientKey, CancellationToken ct)
    {
        var now = Now;
        var account = await Bump(accountKey, options.AccountLockout, options.MaxFailuresPerAccount, options.AccountLockout, now, ct);
        var client = await Bump(clientKey, options.ClientWindow, options.MaxFailuresPerClient, options.ClientWindow, now, ct);
        await db.SaveChangesAsync(ct);

        if (account.LockedUntil > now)
        {
            return new GuardVerdict(false, account.LockedUntil, false, 0);
        }

        if (client.LockedUntil > now)
        {
            return new GuardVerdict(false, client.LockedUntil, true, 0);
        }

        return new GuardVerdict(true, null, false, options.MaxFailuresPerAccount - account.FailedCount);
    }

    public async Task ResetAsync(string accountKey, CancellationToken ct) =>
        await db.SignInThrottles.Where(t => t.Key == accountKey).ExecuteDeleteAsync(ct);

    private async Task<SignInThrottle> Bump(string key, TimeSpan window, int max, TimeSpan lockFor, DateTime now, CancellationToken ct)
    {
        var row = await db.SignInThrottles.FirstOrDefaultAsync(t => t.Key == key, ct);
        if (row is null)
        {
            row = new SignInThrottle { Key = key, WindowStartedAt = now };
            db.SignInThrottles.Add(row);
        }

        if (now - row.WindowStartedAt > window || row.LockedUntil <= now)
        {
            // A new window, or a lock that has run out: start counting again.
            row.WindowStartedAt = now;
            row.FailedCount = 0;
            row.LockedUntil = null;
        }

        row.FailedCount++;
        if (row.FailedCount >= max)
        {
            row.LockedUntil = now + lockFor;
        }

        return row;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

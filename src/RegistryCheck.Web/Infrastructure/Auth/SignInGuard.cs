using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Rules;

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
/// across instances. Keyed by the name exactly as the account lookup uses it, so a student number that does not
/// exist is locked exactly like one that does, and no spelling of a name gets a budget of its own.
/// </summary>
/// <remarks>
/// An attempt is reserved before the password is verified, by one conditional UPDATE per key
/// (<c>count = count + 1 WHERE not locked AND count &lt; max</c>): the database serialises the updates of one row,
/// so however many requests arrive at once, at most the allowed number get a reservation and are verified. A
/// failure keeps its reservation; a success gives it back, so correct sign-ins never use up a budget (ADR-011).
/// </remarks>
public sealed class SignInGuard(RegistryDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<SignInGuardOptions> settings)
{
    private readonly SignInGuardOptions options = settings.Value;

    /// <summary>
    /// The throttle row of an account name: its kind and a SHA-256 of the name, never the name itself, because a typed
    /// name that matches no account may be a password typed into the wrong box (ADR-019). Unkeyed, so that every
    /// instance computes the same key without sharing a secret; the row lives for one lockout window.
    /// </summary>
    public static string AccountKey(string kind, string normalizedName) =>
        $"{kind}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalizedName)), 0, 16)}";

    /// <summary>The key of a typed student number: normalised and upper-cased, exactly as the account lookup.</summary>
    public static string StudentKey(string? typed) => AccountKey("student", StudentLookupName(typed));

    /// <summary>What the student sign-in compares with <c>NormalizedUserName</c>.</summary>
    public static string StudentLookupName(string? typed) => InputNormalizer.Normalize(typed).ToUpperInvariant();

    public static string ClientKey(IPAddress? address) => $"ip:{ClientGroup(address)}";

    /// <summary>
    /// IPv4 clients by address; IPv6 clients by their /64, because one subscriber is usually given a whole /64 and
    /// can pick a new address in it for every try.
    /// </summary>
    public static string ClientGroup(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// Reserves one attempt for the client and one for the account, in that order. A refused attempt holds no
    /// reservation. Call <see cref="ReleaseAsync"/> when the password was right.
    /// </summary>
    public async Task<GuardVerdict> ReserveAsync(string accountKey, string clientKey, CancellationToken ct)
    {
        var now = Now;
        if (!await TryReserveAsync(clientKey, options.MaxFailuresPerClient, options.ClientWindow, now, ct))
        {
            return new GuardVerdict(false, await LockedUntilAsync(clientKey, now, ct), true, 0);
        }

        if (!await TryReserveAsync(accountKey, options.MaxFailuresPerAccount, options.AccountLockout, now, ct))
        {
            await GiveBackAsync(clientKey, ct);
            return new GuardVerdict(false, await LockedUntilAsync(accountKey, now, ct), false, 0);
        }

        return new GuardVerdict(true, null, false, 0);
    }

    /// <summary>After a failed verification (the reservation stays): the verdict for the next attempt.</summary>
    public async Task<GuardVerdict> AfterFailureAsync(string accountKey, string clientKey, CancellationToken ct)
    {
        var now = Now;
        var rows = await db.SignInThrottles.AsNoTracking()
            .Where(t => t.Key == accountKey || t.Key == clientKey)
            .Select(t => new { t.Key, t.FailedCount, t.LockedUntil })
            .ToListAsync(ct);
        var account = rows.FirstOrDefault(r => r.Key == accountKey);
        var client = rows.FirstOrDefault(r => r.Key == clientKey);
        if (account?.LockedUntil > now)
        {
            return new GuardVerdict(false, account.LockedUntil, false, 0);
        }

        if (client?.LockedUntil > now)
        {
            return new GuardVerdict(false, client.LockedUntil, true, 0);
        }

        return new GuardVerdict(true, null, false, Math.Max(1, options.MaxFailuresPerAccount - (account?.FailedCount ?? 0)));
    }

    /// <summary>The password was right: both reservations are given back.</summary>
    public async Task ReleaseAsync(string accountKey, string clientKey, CancellationToken ct)
    {
        await GiveBackAsync(accountKey, ct);
        await GiveBackAsync(clientKey, ct);
    }

    /// <summary>Forgets an account's failures (a counselor reset the password).</summary>
    public static Task ForgetAsync(RegistryDbContext db, string accountKey, CancellationToken ct) =>
        db.SignInThrottles.Where(t => t.Key == accountKey).ExecuteDeleteAsync(ct);

    /// <summary>One conditional UPDATE; the first attempt of a key inserts its row first, never failing on a race.</summary>
    private async Task<bool> TryReserveAsync(string key, int max, TimeSpan window, DateTime now, CancellationToken ct)
    {
        if (await ReserveRowAsync(key, max, window, now, ct))
        {
            return true;
        }

        // No row, or a row another request has just inserted (then the first UPDATE ran before it existed):
        // either way the UPDATE is tried once more, on a row that now surely exists.
        if (!await db.SignInThrottles.AnyAsync(t => t.Key == key, ct))
        {
            await ThrottleRows.InsertIfMissingAsync(db, key, now, ct);
        }

        return await ReserveRowAsync(key, max, window, now, ct);
    }

    private async Task<bool> ReserveRowAsync(string key, int max, TimeSpan window, DateTime now, CancellationToken ct)
    {
        // "Fresh": a lock that has run out, or a window that has passed — counting starts again at one.
        // Every right-hand side reads the row as it was before this statement, on every provider.
        var windowStart = now - window;
        var lockUntil = now + window;
        var updated = await db.SignInThrottles
            .Where(t => t.Key == key
                && (t.LockedUntil == null || t.LockedUntil <= now)
                && (t.LockedUntil != null || t.WindowStartedAt <= windowStart || t.FailedCount < max))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.FailedCount, t => t.LockedUntil != null || t.WindowStartedAt <= windowStart ? 1 : t.FailedCount + 1)
                .SetProperty(t => t.WindowStartedAt, t => t.LockedUntil != null || t.WindowStartedAt <= windowStart ? now : t.WindowStartedAt)
                .SetProperty(t => t.LockedUntil, t => (t.LockedUntil != null || t.WindowStartedAt <= windowStart ? 1 : t.FailedCount + 1) >= max
                    ? lockUntil
                    : (DateTime?)null), ct);
        return updated == 1;
    }

    private Task<int> GiveBackAsync(string key, CancellationToken ct) =>
        db.SignInThrottles
            .Where(t => t.Key == key && t.FailedCount > 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.FailedCount, t => t.FailedCount - 1)
                .SetProperty(t => t.LockedUntil, (DateTime?)null), ct);

    private async Task<DateTime?> LockedUntilAsync(string key, DateTime now, CancellationToken ct) =>
        await db.SignInThrottles.AsNoTracking().Where(t => t.Key == key && t.LockedUntil > now)
            .Select(t => t.LockedUntil).FirstOrDefaultAsync(ct) ?? now + options.AccountLockout;

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

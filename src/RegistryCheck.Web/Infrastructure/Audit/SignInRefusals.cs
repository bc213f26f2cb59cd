using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Infrastructure.Audit;

/// <summary>
/// Refused anonymous sign-ins (wrong password, locked out), counted in memory and written by one background writer
/// as one audit row per (action, kind, account name, address or IPv6 /64) and flush period, with the count and the
/// first and last time (ADR-019). Anonymous requests then cost the single-writer database no write of their own
/// (the lockout itself stays in <c>SignInThrottles</c>). A typed name that matches no account is stored only as a
/// keyed hash: it may be a password typed into the wrong box.
/// </summary>
public sealed class SignInRefusals(
    TimeProvider time, IServiceScopeFactory scopes, IOptions<SignInRefusalOptions> settings, ILogger<SignInRefusals> logger)
{
    /// <summary>The account name of the overflow row (more distinct names than <see cref="SignInRefusalOptions.MaxPendingKeys"/>).</summary>
    public const string ManyNames = "*";

    private readonly SignInRefusalOptions options = settings.Value;
    private readonly byte[] hashKey = string.IsNullOrEmpty(settings.Value.NameHashKey)
        ? RandomNumberGenerator.GetBytes(32)
        : Encoding.UTF8.GetBytes(settings.Value.NameHashKey);

    private readonly Lock gate = new();
    private Dictionary<RefusalKey, RefusalTally> pending = [];

    private readonly record struct RefusalKey(string Action, string TargetType, string Name, string Address);

    private sealed class RefusalTally(DateTime first)
    {
        public DateTime First { get; set; } = first;
        public DateTime Last { get; set; } = first;
        public int Count { get; set; }
    }

    public TimeSpan FlushInterval => options.RefusalFlushInterval;

    /// <summary>Counts one refusal; nothing is written here.</summary>
    public void Record(string action, string targetType, string name, IPAddress? address)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = new RefusalKey(action, targetType, name, SignInGuard.ClientGroup(address));
        lock (gate)
        {
            if (!pending.ContainsKey(key) && pending.Count >= options.MaxPendingKeys)
            {
                key = key with { Name = ManyNames };
            }

            if (!pending.TryGetValue(key, out var tally))
            {
                pending[key] = tally = new RefusalTally(now);
            }

            tally.Count++;
            tally.Last = now;
        }
    }

    /// <summary>Writes what was counted since the last flush (one row per key); on a database failure keeps it for the next.</summary>
    /// <returns>The number of rows written.</returns>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        Dictionary<RefusalKey, RefusalTally> batch;
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return 0;
            }

            batch = pending;
            pending = [];
        }

        try
        {
            await WriteAsync(batch, ct);
            return batch.Count;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or OperationCanceledException or System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Writing {Count} aggregated sign-in refusals failed; kept for the next flush", batch.Count);
            PutBack(batch);
            return 0;
        }
    }

    private async Task WriteAsync(Dictionary<RefusalKey, RefusalTally> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var names = batch.Keys.Select(k => k.Name).Distinct().ToList();
        var known = (await db.Users.AsNoTracking().Where(u => names.Contains(u.NormalizedUserName!))
            .Select(u => u.NormalizedUserName!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, tally) in batch)
        {
            var clear = known.Contains(key.Name) || key.Name == ManyNames;
            db.AuditLog.Add(new AuditEntry
            {
                At = tally.First,
                LastAt = tally.Count > 1 ? tally.Last : null,
                Count = tally.Count,
                Action = key.Action,
                TargetType = key.TargetType,
                TargetId = clear ? key.Name : KeyedHash(key.TargetType, key.Name),
                Details = clear ? null : "no such account: keyed hash of the typed name",
                IpAddress = key.Address,
                Succeeded = false,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>"hmac:" and 80 bits of HMAC-SHA256 over kind and name: the same typed name gives the same value, the value gives no name.</summary>
    public string KeyedHash(string targetType, string name)
    {
        var mac = HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(targetType + "\n" + name));
        return "hmac:" + Convert.ToHexStringLower(mac, 0, 10);
    }

    private void PutBack(Dictionary<RefusalKey, RefusalTally> batch)
    {
        lock (gate)
        {
            foreach (var (key, tally) in batch)
            {
                if (pending.TryGetValue(key, out var newer))
                {
                    newer.Count += tally.Count;
                    newer.First = tally.First;
                }
                else
                {
                    pending[key] = tally;
                }
            }
        }
    }
}

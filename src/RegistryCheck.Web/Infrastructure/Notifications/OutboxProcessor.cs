using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// One round of the outbox: claim due rows with a lease, send each, record the outcome. The claim is one conditional
/// UPDATE (state and lease re-checked by the database), so two instances never hold one row at once, on SQLite,
/// PostgreSQL and SQL Server alike (ADR-020). Delivery is at least once: a process that dies after the channel accepted
/// a message and before its row says Sent leaves the row claimed; when the lease runs out it is sent again.
/// </summary>
public sealed class OutboxProcessor(
    IServiceScopeFactory scopes, IEnumerable<IMessageSender> senders, IOptionsMonitor<NotificationOptions> options,
    TimeProvider time, ILogger<OutboxProcessor> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    internal const string CodeRemoved = "(sent; the one-time code was removed from the outbox)";

    /// <summary>Claims and sends one batch; returns how many rows it claimed (0: nothing was due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        var token = Guid.NewGuid().ToString("N");
        var claimed = await ClaimAsync(db, token, ct);
        var done = 0;
        try
        {
            foreach (var message in claimed)
            {
                await SendOneAsync(db, token, message, ct);
                done++;
            }
        }
        finally
        {
            if (done < claimed.Count)
            {
                await ReleaseAsync(db, token, claimed.Skip(done).Select(m => m.Id).ToList());
            }
        }

        return claimed.Count;
    }

    internal async Task<List<OutboxMessage>> ClaimAsync(RegistryDbContext db, string token, CancellationToken ct)
    {
        var o = options.CurrentValue.Outbox;
        var now = time.GetUtcNow().UtcDateTime;
        var leaseUntil = now.AddSeconds(o.LeaseSeconds);
        var ids = await Due(db.Outbox, now).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id).Take(Math.Max(1, o.BatchSize)).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return [];
        }

        // The condition is evaluated again by the UPDATE itself: a row another instance claimed meanwhile no longer matches.
        await Due(db.Outbox.Where(m => ids.Contains(m.Id)), now).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Sending)
            .SetProperty(m => m.LeaseOwner, token)
            .SetProperty(m => m.LeaseUntil, leaseUntil)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        return await db.Outbox.AsNoTracking().Where(m => m.LeaseOwner == token).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToListAsync(ct);
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> rows, DateTime now) =>
        rows.Where(m => (m.State == OutboxState.Queued && m.NextAttemptAt <= now)
            || (m.State == OutboxState.Sending && m.LeaseUntil < now));

    private async Task SendOneAsync(RegistryDbContext db, string token, OutboxMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.Outbox;
        var now = time.GetUtcNow().UtcDateTime;
        // Renew the lease just before sending: a slow batch must not let another instance take a row it is about to send.
        var held = await db.Outbox.Where(m => m.Id == message.Id && m.LeaseOwner == token && m.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, now.AddSeconds(o.LeaseSeconds)), ct);
        if (held == 0)
        {
            return;
        }

        var result = await SendAsync(message, ct);
        now = time.GetUtcNow().UtcDateTime;
        var mine = db.Outbox.Where(m => m.Id == message.Id && m.LeaseOwner == token);
        if (result.Outcome == SendOutcome.Sent)
        {
            // The one-time code is stored only as a hash (ADR-018): once delivered, its clear copy leaves the outbox too.
            var scrub = message.Kind == MessageKind.PasswordReset;
            await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sent).SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.Body, m => scrub ? CodeRemoved : m.Body)
                .SetProperty(m => m.ValuesJson, m => scrub ? null : m.ValuesJson), CancellationToken.None);

            logger.LogInformation("Outbox message {MessageId} sent by {Channel} after {Attempts} attempts", message.Id, message.Channel, message.Attempts);
            return;
        }

        var error = Truncate(result.Error ?? "failed");
        if (result.Outcome == SendOutcome.Permanent || message.Attempts >= o.MaxAttempts)
        {
            var shown = result.Outcome == SendOutcome.Permanent ? error : Truncate($"gave up after {message.Attempts} attempts: {error}");
            await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.LastError, shown)
                .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
            logger.LogWarning("Outbox message {MessageId} failed for good after {Attempts} attempts", message.Id, message.Attempts);
            return;
        }

        var next = now + (result.RetryAfter ?? Backoff(o, message.Attempts));
        await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Queued).SetProperty(m => m.LastError, error)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        logger.LogInformation("Outbox message {MessageId} will be retried at {NextAttemptAt}", message.Id, next);
    }

    private async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var sender = senders.FirstOrDefault(s => s.Channel == message.Channel);
        if (sender is null)
        {
            return SendResult.Permanent("no sender for this channel");
        }

        try
        {
            return await sender.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Sending outbox message {MessageId} threw", message.Id);
            return SendResult.Retry(ex.GetType().Name);
        }
    }

    /// <summary>Rows claimed but not attempted (shutting down): back to the queue at once, the attempt not counted.</summary>
    private async Task ReleaseAsync(RegistryDbContext db, string token, List<long> ids)
    {
        try
        {
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == token && m.State == OutboxState.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Queued).SetProperty(m => m.Attempts, m => m.Attempts - 1)
                    .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        }
        catch (Exception ex)
        {
            // The leases run out by themselves; another round takes the rows then.
            logger.LogWarning(ex, "Could not release {Count} claimed outbox messages", ids.Count);
        }
    }

    internal static TimeSpan Backoff(OutboxOptions o, int attempts)
    {
        var seconds = o.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return seconds >= MaxBackoff.TotalSeconds ? MaxBackoff : TimeSpan.FromSeconds(seconds);
    }

    private static string Truncate(string text) =>
        text.Length > OutboxMessageConfiguration.Error ? text[..OutboxMessageConfiguration.Error] : text;
}

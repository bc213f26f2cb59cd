using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Notifications;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>
/// The registrar queues a failed message again (after fixing an address or the channel's settings): attempts start
/// over. Only a Failed row moves, by a conditional UPDATE, so a double click queues it once.
/// </summary>
public sealed class RetryMessageHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, OutboxSignal signal)
{
    public async Task<bool> HandleAsync(long id, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var moved = await db.Outbox.Where(m => m.Id == id && m.State == OutboxState.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Queued).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        if (moved == 0)
        {
            return false;
        }

        audit.Add(AuditActions.MessageRetried, "outbox", id);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return true;
    }
}

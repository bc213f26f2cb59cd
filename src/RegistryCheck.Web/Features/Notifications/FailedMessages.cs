using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.Web.Features.Notifications;

public sealed record FailedMessageRow(
    long Id, MessageChannel Channel, MessageKind Kind, string Recipient, string? StudentNumber, string? StudentName, int Attempts,
    string? LastError, DateTime CreatedAt);

public sealed record OutboxOverview(
    IReadOnlyList<MessageChannel> Configured, IReadOnlyDictionary<OutboxState, int> Counts, IReadOnlyList<FailedMessageRow> Failed, int FailedTotal,
    IReadOnlyList<CampaignLink> Campaigns);

public sealed record CampaignLink(int Id, string Name, bool Closed);

/// <summary>The registrar's view of the outbox: which channels are on, how many rows per state, the failed ones with their reason.</summary>
public sealed class FailedMessagesHandler(RegistryDbContext db, MessageChannels channels)
{
    public const int Shown = 200;

    public async Task<OutboxOverview> HandleAsync(CancellationToken ct)
    {
        var counts = await db.Outbox.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var failed = await db.Outbox.AsNoTracking().Where(m => m.State == OutboxState.Failed)
            .OrderByDescending(m => m.Id).Take(Shown)
            .Select(m => new FailedMessageRow(m.Id, m.Channel, m.Kind, m.Recipient,
                db.Students.Where(s => s.Id == m.StudentId).Select(s => s.StudentNumber).FirstOrDefault(),
                db.Students.Where(s => s.Id == m.StudentId).Select(s => s.Name).FirstOrDefault(),
                m.Attempts, m.LastError, m.CreatedAt))
            .ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(20)
            .Select(c => new CampaignLink(c.Id, c.Name, c.ClosedAt != null)).ToListAsync(ct);
        return new OutboxOverview(channels.Configured(), counts, failed, counts.GetValueOrDefault(OutboxState.Failed), campaigns);
    }
}

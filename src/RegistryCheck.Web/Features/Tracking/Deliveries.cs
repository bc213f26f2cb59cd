using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Tracking;

public sealed record DeliveryRow(int StudentId, string StudentNumber, string Name, MessageChannel Channel, OutboxState State, int Attempts, string? LastError, DateTime? SentAt);

public sealed record DeliveriesView(string Key, DateTime CreatedAt, IReadOnlyList<DeliveryRow> Rows, IReadOnlyDictionary<OutboxState, int> Counts);

/// <summary>
/// Each student's delivery state after a send (queued, sent, failed with the reason). Only rows of students in the
/// caller's scope are shown; a key with none of them is "not found".
/// </summary>
public sealed class DeliveriesHandler(RegistryDbContext db, StaffScopes scopes)
{
    public async Task<DeliveriesView?> HandleAsync(ClaimsPrincipal user, string key, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var rows = await (
                from m in db.Outbox
                where m.DispatchKey == key
                join s in scope.Students(db.Students) on m.StudentId equals s.Id
                orderby s.StudentNumber
                select new { Row = new DeliveryRow(s.Id, s.StudentNumber, s.Name, m.Channel, m.State, m.Attempts, m.LastError, m.SentAt), m.CreatedAt })
            .AsNoTracking().ToListAsync(ct);
        if (rows.Count == 0)
        {
            // A send of someone else's students: audited like any other out-of-scope row, then "not found".
            if (await db.Outbox.AnyAsync(m => m.DispatchKey == key, ct))
            {
                await scopes.AuditDeniedAsync("dispatch", key);
            }

            return null;
        }

        var counts = rows.GroupBy(r => r.Row.State).ToDictionary(g => g.Key, g => g.Count());
        return new DeliveriesView(key, rows.Min(r => r.CreatedAt), rows.Select(r => r.Row).ToList(), counts);
    }
}

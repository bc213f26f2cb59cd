using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// The SMS cap of a campaign (they cost money): the campaign's <c>CampaignMessaging.SmsCap</c>, else
/// <c>Notifications:Sms:CapPerCampaign</c>; none = no bulk SMS. A send reserves its count with one conditional UPDATE
/// (<c>SmsReserved + n &lt;= cap</c>), which the database evaluates row-locked, so parallel sends cannot together pass
/// the cap. Call it inside the send's transaction: a rolled-back send gives its reservation back.
/// </summary>
public sealed class SmsBudget(RegistryDbContext db, IOptionsMonitor<NotificationOptions> options)
{
    public sealed record State(int? Cap, int Used);

    public async Task<State> StateAsync(int campaignId, CancellationToken ct)
    {
        var row = await db.CampaignMessaging.AsNoTracking().Where(m => m.CampaignId == campaignId)
            .Select(m => new { m.SmsCap, m.SmsReserved }).FirstOrDefaultAsync(ct);
        return new State(row?.SmsCap ?? options.CurrentValue.Sms.CapPerCampaign, row?.SmsReserved ?? 0);
    }

    /// <summary>Makes sure the campaign has its messaging row (call before the transaction: a lost insert race is harmless).</summary>
    public async Task EnsureRowAsync(int campaignId, CancellationToken ct)
    {
        if (await db.CampaignMessaging.AnyAsync(m => m.CampaignId == campaignId, ct))
        {
            return;
        }

        db.CampaignMessaging.Add(new CampaignMessaging { CampaignId = campaignId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request created it meanwhile.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>True when <paramref name="count"/> SMS fit under the cap and are now reserved.</summary>
    public async Task<bool> TryReserveAsync(int campaignId, int count, CancellationToken ct)
    {
        var fallback = options.CurrentValue.Sms.CapPerCampaign;
        if (count <= 0)
        {
            return true;
        }

        var changed = await db.CampaignMessaging
            .Where(m => m.CampaignId == campaignId && (m.SmsCap ?? fallback) != null && m.SmsReserved + count <= (m.SmsCap ?? fallback))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SmsReserved, m => m.SmsReserved + count), ct);
        return changed == 1;
    }
}

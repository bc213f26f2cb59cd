using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Localization;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.Web.Features.Notifications;

public sealed record TemplateSlot(MessageKind Kind, MessageChannel Channel, string Language, bool Overridden, DateTime? UpdatedAt);

/// <summary>What applies when the campaign leaves a field empty: the settings (null = none).</summary>
public sealed record MessagingFallbacks(string? DaysBefore, string? XuexinDaysBefore, string? SummaryDaysBefore, int? SmsCap);

public sealed record CampaignMessagingView(
    int CampaignId, string CampaignName, bool Closed, MessagingSettingsForm Form, MessagingFallbacks Fallbacks, int SmsReserved,
    IReadOnlyList<TemplateSlot> Slots, IReadOnlyList<(MessageKind Kind, string? Code)> SmsCodes);

/// <summary>
/// A campaign's messaging page: its reminder steps and SMS cap (with the settings that apply when a field is empty),
/// every e-mail and WeCom text with whether the campaign overrides it, and the SMS template code of each kind.
/// </summary>
public sealed class CampaignMessagingPageHandler(RegistryDbContext db, IOptionsMonitor<NotificationOptions> options)
{
    private static readonly MessageKind[] SmsKinds =
        Enum.GetValues<MessageKind>().Where(k => MessageTemplateRules.Delivery(k).Contains(MessageChannel.Sms)).ToArray();

    public async Task<CampaignMessagingView?> HandleAsync(int campaignId, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Name, c.ClosedAt }).FirstOrDefaultAsync(ct);
        if (campaign is null)
        {
            return null;
        }

        var row = await db.CampaignMessaging.AsNoTracking().FirstOrDefaultAsync(m => m.CampaignId == campaignId, ct);
        var overrides = await db.MessageTemplates.AsNoTracking().Where(t => t.CampaignId == campaignId)
            .Select(t => new { t.Kind, t.Channel, t.Language, t.UpdatedAt }).ToListAsync(ct);
        var slots = (from kind in Enum.GetValues<MessageKind>()
                     from channel in MessageTemplateRules.Channels(kind)
                     from language in LocalizationSetup.Cultures
                     let o = overrides.FirstOrDefault(x => x.Kind == kind && x.Channel == channel && x.Language == language)
                     select new TemplateSlot(kind, channel, language, o is not null, o?.UpdatedAt)).ToList();
        var o2 = options.CurrentValue;
        return new CampaignMessagingView(campaignId, campaign.Name, campaign.ClosedAt is not null, MessagingSettingsForm.From(row),
            new MessagingFallbacks(o2.Reminders.DaysBefore, o2.Reminders.XuexinDaysBefore, o2.Reminders.SummaryDaysBefore, o2.Sms.CapPerCampaign),
            row?.SmsReserved ?? 0, slots, SmsKinds.Select(k => (k, o2.Sms.TemplateFor(k))).ToList());
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Localization;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>One text of one campaign: kind, channel (e-mail or WeCom, never SMS) and language.</summary>
public class MessageTemplateForm
{
    public MessageKind Kind { get; set; }
    public MessageChannel Channel { get; set; }
    public string Language { get; set; } = LocalizationSetup.DefaultCulture;
    public string? Subject { get; set; }
    public string? Body { get; set; }
    /// <summary>The override's version when the page was shown; null = there was none (the built-in text was in use).</summary>
    public int? Version { get; set; }

    public bool IsEditable => (Channel is MessageChannel.Email or MessageChannel.WeCom) && LocalizationSetup.Cultures.Contains(Language)
        && Enum.IsDefined(Kind);
}

public sealed record MessageTemplateView(
    int CampaignId, string CampaignName, bool Closed, MessageTemplateForm Form, MessageText BuiltIn, bool Overridden, DateTime? UpdatedAt,
    MessageText Preview, IReadOnlyList<string> Allowed, IReadOnlyList<string> Required, bool HasPublicLink);

/// <summary>
/// The editor of one text: the built-in text in the chosen language, the campaign's override if any, and a preview
/// rendered by <see cref="StudentMessages.Sample"/> — the renderer, ID-number guard and length cut of real messages —
/// with a sample student's values.
/// </summary>
public sealed class EditMessageTemplateHandler(RegistryDbContext db, MessageTexts texts, StudentMessages messages, IStringLocalizer<SharedResource> l)
{
    public async Task<MessageTemplateView?> GetAsync(int campaignId, MessageTemplateForm key, CancellationToken ct)
    {
        if (!key.IsEditable)
        {
            return null;
        }

        var row = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.CampaignId == campaignId && t.Kind == key.Kind && t.Channel == key.Channel && t.Language == key.Language)
            .Select(t => new { t.Subject, t.Body, t.Version, t.UpdatedAt }).FirstOrDefaultAsync(ct);
        var builtIn = BuiltIn(key.Kind, key.Language);
        var form = new MessageTemplateForm
        {
            Kind = key.Kind, Channel = key.Channel, Language = key.Language,
            Subject = row?.Subject ?? builtIn.Subject, Body = row?.Body ?? builtIn.Body, Version = row?.Version,
        };
        return await ViewAsync(campaignId, form, row is not null, row?.UpdatedAt, ct);
    }

    /// <summary>The page for a form as typed (a preview, or a save refused with its problems): the preview shows the typed text.</summary>
    public async Task<MessageTemplateView?> ViewAsync(int campaignId, MessageTemplateForm form, bool? overridden, DateTime? updatedAt, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Name, c.Deadline, c.ClosedAt }).FirstOrDefaultAsync(ct);
        if (campaign is null || !form.IsEditable)
        {
            return null;
        }

        if (overridden is null)
        {
            var row = await db.MessageTemplates.AsNoTracking()
                .Where(t => t.CampaignId == campaignId && t.Kind == form.Kind && t.Channel == form.Channel && t.Language == form.Language)
                .Select(t => new { t.UpdatedAt }).FirstOrDefaultAsync(ct);
            overridden = row is not null;
            updatedAt = row?.UpdatedAt;
        }

        var subject = form.Channel == MessageChannel.Email ? MessageTemplateRules.Clean(form.Subject) : "";
        var preview = messages.Sample(form.Kind, form.Language, (subject, MessageTemplateRules.Clean(form.Body)), campaign.Deadline, Samples());
        return new MessageTemplateView(campaignId, campaign.Name, campaign.ClosedAt is not null, form, BuiltIn(form.Kind, form.Language),
            overridden.Value, updatedAt, preview, MessageTemplateRules.Allowed(form.Kind), MessageTemplateRules.Required(form.Kind), messages.Link.Length > 0);
    }

    /// <summary>The built-in text of a kind in a language, with its placeholders (each filled with itself).</summary>
    public MessageText BuiltIn(MessageKind kind, string language) =>
        texts.Render(kind, language, MessageTexts.Placeholders.ToDictionary(p => p, p => p));

    /// <summary>A sample student's values (the deadline and link are the campaign's and the portal's own).</summary>
    private Dictionary<string, string> Samples() => new()
    {
        [MessageTexts.Name] = l["李明"],
        [MessageTexts.Reason] = l["请上传户口簿本人页的照片"],
        [MessageTexts.Code] = "483920",
    };
}

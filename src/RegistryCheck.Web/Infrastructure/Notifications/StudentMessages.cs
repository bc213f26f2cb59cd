using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Portal;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// Writes messages to students into the outbox, in the same unit of work as what caused them (the caller saves), so
/// a decision and its message are committed together or not at all.
/// </summary>
public sealed class StudentMessages(
    RegistryDbContext db, MessageChannels channels, MessageTexts texts, IOptions<PortalOptions> portal, CampaignClock clock, OutboxSignal signal)
{
    /// <summary>The channel order for messages the portal sends by itself (status changes, reminders).</summary>
    public static readonly MessageChannel[] Preference = [MessageChannel.Email, MessageChannel.WeCom, MessageChannel.Sms];

    public IQueryable<MessageRecipient> Recipients(IQueryable<Student> students) =>
        students.Select(s => new MessageRecipient(s.Id, s.StudentNumber, s.Name, s.Email, s.EmailByStudentAt != null, s.Phone,
            s.PhoneByStudentAt != null, db.Users.Where(u => u.StudentId == s.Id).Select(u => u.Language).FirstOrDefault(), s.WeComUserId));

    /// <summary>The registrar's templates of a campaign, by kind and language.</summary>
    public async Task<Templates> TemplatesAsync(int? campaignId, CancellationToken ct)
    {
        if (campaignId is null)
        {
            return new Templates([]);
        }

        var rows = await db.MessageTemplates.AsNoTracking().Where(t => t.CampaignId == campaignId)
            .Select(t => new { t.Kind, t.Language, t.Channel, t.Subject, t.Body }).ToListAsync(ct);
        return new Templates(rows.ToDictionary(t => (t.Kind, t.Language, t.Channel), t => (t.Subject, t.Body)));
    }

    /// <summary>The portal's public link, or empty when Portal:PublicOrigin is not set (the send pages say so).</summary>
    public string Link => portal.Value.UrlOf("/") ?? "";

    /// <summary>One outbox row for one recipient on one channel, or null when the channel cannot reach them.</summary>
    public OutboxMessage? Compose(MessageRecipient r, MessageChannel channel, MessageKind kind, int? campaignId, DateTime? deadline,
        string? reason, Templates templates, int? causedBy, bool ownOnly = false, string? code = null)
    {
        if (!Reaches(r, channel, kind, ownOnly))
        {
            return null;
        }

        var address = channels.AddressOf(channel, r, kind, ownOnly)!;

        var language = MessageTexts.LanguageOf(r.Language);
        var values = new Dictionary<string, string>
        {
            [MessageTexts.Name] = r.Name,
            [MessageTexts.Deadline] = deadline is null ? "" : clock.Format(deadline),
            [MessageTexts.Link] = Link,
            [MessageTexts.Reason] = Shorten(reason ?? "", 100),
            [MessageTexts.Code] = code ?? "",
        };
        // SMS texts are the gateway's approved templates; e-mail and WeCom may use the registrar's.
        var text = texts.Render(kind, language, values, channel == MessageChannel.Sms ? null : templates.For(kind, language, channel));
        var now = clock.UtcNow;
        return new OutboxMessage
        {
            Channel = channel,
            Kind = kind,
            Recipient = address,
            StudentId = r.StudentId,
            CampaignId = campaignId,
            Language = language,
            Subject = Shorten(text.Subject, OutboxMessageConfiguration.Subject),
            Body = Shorten(text.Body, OutboxMessageConfiguration.Body),
            ValuesJson = JsonSerializer.Serialize(SmsValues(values)),
            State = OutboxState.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
            CausedByUserId = causedBy,
        };
    }

    /// <summary>
    /// A status change for one student on the first channel that reaches them; nothing when none does. Added to the
    /// context, not saved.
    /// </summary>
    public async Task<OutboxMessage?> AddStatusMessageAsync(int studentId, int? campaignId, MessageKind kind, string? reason, int? causedBy,
        CancellationToken ct, DateTime? deadline = null, bool ownOnly = false, string? code = null)
    {
        if (channels.Configured().Count == 0)
        {
            return null;
        }

        var r = await Recipients(db.Students.Where(s => s.Id == studentId)).FirstOrDefaultAsync(ct);
        if (r is null)
        {
            return null;
        }

        if (campaignId is not null && deadline is null)
        {
            deadline = await db.StudentChecks.Where(c => c.CampaignId == campaignId && c.StudentId == studentId)
                .Select(c => c.DeadlineOverride ?? c.Campaign.Deadline).FirstOrDefaultAsync(ct);
        }

        if (FirstChannel(r, kind, ownOnly) is not { } channel)
        {
            return null;
        }

        var templates = await TemplatesAsync(campaignId, ct);
        var message = Compose(r, channel, kind, campaignId, deadline, reason, templates, causedBy, ownOnly, code)!;
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>
    /// The first channel of <see cref="Preference"/> that reaches the recipient, or null: the one rule for status
    /// messages and for a counselor's automatic nudge (each student on their own first channel).
    /// </summary>
    public MessageChannel? FirstChannel(MessageRecipient r, MessageKind kind, bool ownOnly = false)
    {
        foreach (var channel in Preference)
        {
            if (Reaches(r, channel, kind, ownOnly))
            {
                return channel;
            }
        }

        return null;
    }

    /// <summary>True when <see cref="Compose"/> would write a row for the recipient on this channel.</summary>
    public bool Reaches(MessageRecipient r, MessageChannel channel, MessageKind kind, bool ownOnly = false) =>
        channels.AddressOf(channel, r, kind, ownOnly) is { } address && address.Length <= OutboxMessageConfiguration.Recipient;

    /// <summary>The text a send would use, in Chinese, with {姓名} left as it is (shown on the confirmation page).</summary>
    public async Task<MessageText> PreviewAsync(MessageKind kind, int? campaignId, DateTime? deadline, CancellationToken ct)
    {
        var templates = await TemplatesAsync(campaignId, ct);
        var values = new Dictionary<string, string>
        {
            [MessageTexts.Name] = MessageTexts.Name,
            [MessageTexts.Deadline] = deadline is null ? "" : clock.Format(deadline),
            [MessageTexts.Link] = Link,
        };
        var language = MessageTexts.LanguageOf(null);
        return texts.Render(kind, language, values, templates.For(kind, language, MessageChannel.Email));
    }

    /// <summary>
    /// A registrar's text (or the built-in one, when <paramref name="template"/> is null) as a student would receive
    /// it, filled with sample values: the same renderer, ID-number guard and length cut as <see cref="Compose"/>.
    /// </summary>
    public MessageText Sample(MessageKind kind, string language, (string Subject, string Body)? template, DateTime? deadline,
        IReadOnlyDictionary<string, string> samples)
    {
        var values = new Dictionary<string, string>(samples)
        {
            [MessageTexts.Deadline] = deadline is null ? "" : clock.Format(deadline),
            [MessageTexts.Link] = Link,
        };
        values[MessageTexts.Reason] = Shorten(values.GetValueOrDefault(MessageTexts.Reason, ""), 100);
        var text = texts.Render(kind, language, values, template);
        return new MessageText(Shorten(text.Subject, OutboxMessageConfiguration.Subject), Shorten(text.Body, OutboxMessageConfiguration.Body));
    }

    /// <summary>Call after the save: this instance's worker sends at once instead of at its next poll.</summary>
    public void Notify() => signal.Notify();

    /// <summary>The approved SMS templates name their variables in ASCII (name, deadline, link, reason).</summary>
    private static Dictionary<string, string> SmsValues(Dictionary<string, string> values) => new()
    {
        ["name"] = values[MessageTexts.Name],
        ["deadline"] = values[MessageTexts.Deadline],
        ["link"] = values[MessageTexts.Link],
        ["reason"] = MessageTexts.Guard(values[MessageTexts.Reason]),
        ["code"] = values.GetValueOrDefault(MessageTexts.Code, ""),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>A campaign's templates; a kind without one uses the built-in text.</summary>
public sealed class Templates(Dictionary<(MessageKind, string, MessageChannel), (string Subject, string Body)> rows)
{
    public (string Subject, string Body)? For(MessageKind kind, string language, MessageChannel channel) =>
        rows.TryGetValue((kind, language, channel), out var t) ? t : null;
}

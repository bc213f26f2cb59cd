using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Notifications;

public enum TemplateOutcome
{
    Saved,
    NotFound,
    ChangedMeanwhile,
    Invalid,
}

public sealed record TemplateResult(TemplateOutcome Outcome, IReadOnlyList<UserMessage> Problems)
{
    public static readonly TemplateResult NotFound = new(TemplateOutcome.NotFound, []);
    public static readonly TemplateResult ChangedMeanwhile = new(TemplateOutcome.ChangedMeanwhile, []);
}

/// <summary>
/// Saves the registrar's text of one kind, channel and language for a campaign, after <see cref="MessageTemplateRules"/>.
/// Two registrars: the form carries the version it was shown with (none = no override yet); an update of another
/// version fails in EF's WHERE (ADR-004) and a second first save fails on the unique index
/// (CampaignId, Kind, Language, Channel). Either way the later save is refused, never silently overwriting.
/// </summary>
public sealed class SaveMessageTemplateHandler(RegistryDbContext db, AuditLog audit, CampaignClock clock, IHttpContextAccessor http)
{
    public async Task<TemplateResult> HandleAsync(int campaignId, MessageTemplateForm form, CancellationToken ct)
    {
        if (!form.IsEditable || !await db.Campaigns.AnyAsync(c => c.Id == campaignId && c.ClosedAt == null, ct))
        {
            return TemplateResult.NotFound;
        }

        var subject = form.Channel == MessageChannel.Email ? MessageTemplateRules.Clean(form.Subject) : "";
        var body = MessageTemplateRules.Clean(form.Body);
        var problems = MessageTemplateRules.Check(form.Kind, form.Channel, subject, body);
        if (problems.Count > 0)
        {
            return new(TemplateOutcome.Invalid, problems);
        }

        var row = await db.MessageTemplates.FirstOrDefaultAsync(t => t.CampaignId == campaignId && t.Kind == form.Kind
            && t.Channel == form.Channel && t.Language == form.Language, ct);
        if ((row is null) != (form.Version is null))
        {
            // Created or reset by someone else since the page was shown.
            return TemplateResult.ChangedMeanwhile;
        }

        var actor = int.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (int?)null;
        if (row is null)
        {
            row = new MessageTemplate { CampaignId = campaignId, Kind = form.Kind, Channel = form.Channel, Language = form.Language, Subject = subject, Body = body };
            db.MessageTemplates.Add(row);
        }
        else
        {
            db.Entry(row).Property(t => t.Version).OriginalValue = form.Version!.Value;
            row.Subject = subject;
            row.Body = body;
        }

        row.UpdatedAt = clock.UtcNow;
        row.UpdatedByUserId = actor;
        audit.Add(AuditActions.MessageTemplateSaved, "campaign", campaignId, Details(form));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // DbUpdateConcurrencyException (a stale version) or the unique index (a parallel first save).
            return TemplateResult.ChangedMeanwhile;
        }

        return new(TemplateOutcome.Saved, []);
    }

    /// <summary>Which text, never the text itself (it is in the table; the audit log keeps ids and codes).</summary>
    public static string Details(MessageTemplateForm form) => $"kind={form.Kind} channel={form.Channel} language={form.Language}";
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Notifications;

/// <summary>
/// Back to the built-in text: the override is deleted at the version the page was shown with (EF's DELETE carries
/// the version in its WHERE), so a text another registrar saved meanwhile is not thrown away unseen.
/// </summary>
public sealed class ResetMessageTemplateHandler(RegistryDbContext db, AuditLog audit)
{
    public async Task<TemplateResult> HandleAsync(int campaignId, MessageTemplateForm form, CancellationToken ct)
    {
        if (!form.IsEditable || !await db.Campaigns.AnyAsync(c => c.Id == campaignId && c.ClosedAt == null, ct))
        {
            return TemplateResult.NotFound;
        }

        var row = await db.MessageTemplates.FirstOrDefaultAsync(t => t.CampaignId == campaignId && t.Kind == form.Kind
            && t.Channel == form.Channel && t.Language == form.Language, ct);
        if (row is null || form.Version is null)
        {
            // Nothing to reset, or the page showed the built-in text and someone saved one since.
            return row is null ? new(TemplateOutcome.Saved, []) : TemplateResult.ChangedMeanwhile;
        }

        db.Entry(row).Property(t => t.Version).OriginalValue = form.Version.Value;
        db.MessageTemplates.Remove(row);
        audit.Add(AuditActions.MessageTemplateReset, "campaign", campaignId, SaveMessageTemplateHandler.Details(form));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TemplateResult.ChangedMeanwhile;
        }

        return new(TemplateOutcome.Saved, []);
    }
}

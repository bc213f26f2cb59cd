using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed class ChangeDeadlineForm
{
    /// <summary>The campaign's version when the page was shown: a change made meanwhile is not overwritten.</summary>
    public int Version { get; set; }

    [Display(Name = "新的截止时间")]
    [Required(ErrorMessage = "请输入{0}")]
    public DateTime? NewDeadline { get; set; }
}

/// <summary>
/// Moves a campaign's deadline for everyone, audited with the old and the new time; the campaign's version guards against two registrars changing it at once.
/// </summary>
public sealed class ChangeDeadlineHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, ILogger<ChangeDeadlineHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, ChangeDeadlineForm form, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (CampaignCommandResult.Refuses(campaign, form.Version, out var refusal))
        {
            return refusal;
        }

        var deadline = clock.ToUtc(form.NewDeadline!.Value);
        if (deadline <= campaign.OpensAt)
        {
            return new(CampaignOutcome.Invalid, UserMessage.For(nameof(form.NewDeadline), "截止时间必须晚于开始时间"));
        }

        var old = campaign.Deadline;
        campaign.Deadline = deadline;
        audit.Add(AuditActions.DeadlineChanged, "campaign", campaign.Id,
            string.Create(CultureInfo.InvariantCulture, $"scope=all old={old:O} new={deadline:O}"));
        if (await CampaignCommandResult.SaveAtVersionAsync(db, campaign, form.Version, ct) is { Outcome: CampaignOutcome.ChangedMeanwhile } changed)
        {
            return changed;
        }

        logger.LogInformation("Deadline of campaign {CampaignId} moved for everyone", campaign.Id);
        return new(CampaignOutcome.Done);
    }
}

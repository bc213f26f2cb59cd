using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed class ChangeSummaryDeadlineForm
{
    /// <summary>The campaign's version when the page was shown: a change made meanwhile is not overwritten.</summary>
    public int Version { get; set; }

    [Display(Name = "学院汇总截止时间")]
    [Required(ErrorMessage = "请输入{0}")]
    public DateTime? NewSummaryDeadline { get; set; }
}

/// <summary>
/// Sets or moves the campaign's summary deadline (汇总截止), by which each college submits its batch or 零报告.
/// Audited with the old and the new time; batches already submitted keep the late mark they got when submitted.
/// </summary>
public sealed class ChangeSummaryDeadlineHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, ILogger<ChangeSummaryDeadlineHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, ChangeSummaryDeadlineForm form, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (CampaignCommandResult.Refuses(campaign, form.Version, out var refusal))
        {
            return refusal;
        }

        var deadline = clock.ToUtc(form.NewSummaryDeadline!.Value);
        if (deadline <= campaign.OpensAt)
        {
            return new(CampaignOutcome.Invalid, UserMessage.For(nameof(form.NewSummaryDeadline), "学院汇总截止时间必须晚于开始时间"));
        }

        var old = campaign.SummaryDeadline;
        campaign.SummaryDeadline = deadline;
        audit.Add(AuditActions.DeadlineChanged, "campaign", campaign.Id, string.Create(CultureInfo.InvariantCulture,
            $"scope=colleges old={old?.ToString("O", CultureInfo.InvariantCulture) ?? "none"} new={deadline:O}"));
        if (await CampaignCommandResult.SaveAtVersionAsync(db, campaign, form.Version, ct) is { Outcome: CampaignOutcome.ChangedMeanwhile } changed)
        {
            return changed;
        }

        logger.LogInformation("Summary deadline of campaign {CampaignId} set", campaign.Id);
        return new(CampaignOutcome.Done);
    }
}

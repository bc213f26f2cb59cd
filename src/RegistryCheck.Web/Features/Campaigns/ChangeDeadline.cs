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

/// <summary>Which of a campaign's dates a change moves.</summary>
public enum CampaignDate
{
    /// <summary>The students' deadline, for everyone.</summary>
    Deadline,

    /// <summary>汇总截止: by then each college submits its batch or 零报告. Batches already submitted keep the late
    /// mark they got when submitted.</summary>
    SummaryDeadline,
}

/// <summary>
/// Moves one of a campaign's dates, audited with the old and the new time; the campaign's version guards against
/// two registrars changing it at once.
/// </summary>
public sealed class ChangeDeadlineHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, ILogger<ChangeDeadlineHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, CampaignDate which, ChangeDeadlineForm form, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (CampaignCommandResult.Refuses(campaign, form.Version, out var refusal))
        {
            return refusal;
        }

        var deadline = clock.ToUtc(form.NewDeadline!.Value);
        if (deadline <= campaign.OpensAt)
        {
            return which == CampaignDate.Deadline
                ? new(CampaignOutcome.Invalid, UserMessage.For(nameof(form.NewDeadline), "截止时间必须晚于开始时间"))
                : new(CampaignOutcome.Invalid, UserMessage.For(nameof(ChangeSummaryDeadlineForm.NewSummaryDeadline), "学院汇总截止时间必须晚于开始时间"));
        }

        DateTime? old = which == CampaignDate.Deadline ? campaign.Deadline : campaign.SummaryDeadline;
        if (which == CampaignDate.Deadline)
        {
            campaign.Deadline = deadline;
        }
        else
        {
            campaign.SummaryDeadline = deadline;
        }

        audit.Add(AuditActions.DeadlineChanged, "campaign", campaign.Id, string.Create(CultureInfo.InvariantCulture,
            $"scope={(which == CampaignDate.Deadline ? "all" : "colleges")} old={old?.ToString("O", CultureInfo.InvariantCulture) ?? "none"} new={deadline:O}"));
        if (await CampaignCommandResult.SaveAtVersionAsync(db, campaign, form.Version, ct) is { Outcome: CampaignOutcome.ChangedMeanwhile } changed)
        {
            return changed;
        }

        logger.LogInformation("{Date} of campaign {CampaignId} moved", which, campaign.Id);
        return new(CampaignOutcome.Done);
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

/// <summary>
/// Closes a campaign: students then have no current campaign (StudentChecks looks for ClosedAt == null), and the
/// campaign, its checks and reports stay as history. A new campaign for the cohort may then be opened.
/// </summary>
public sealed class CloseCampaignHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, ILogger<CloseCampaignHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, int version, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (CampaignCommandResult.Refuses(campaign, version, out var refusal))
        {
            return refusal;
        }

        campaign.ClosedAt = clock.UtcNow;
        audit.Add(AuditActions.CampaignChanged, "campaign", campaign.Id, "closed");
        if (await CampaignCommandResult.SaveAtVersionAsync(db, campaign, version, ct) is { Outcome: CampaignOutcome.ChangedMeanwhile } changed)
        {
            return changed;
        }

        logger.LogInformation("Campaign {CampaignId} closed", campaign.Id);
        return new(CampaignOutcome.Done);
    }
}

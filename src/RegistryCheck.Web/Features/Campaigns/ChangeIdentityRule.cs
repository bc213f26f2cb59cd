using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;

namespace RegistryCheck.Web.Features.Campaigns;

/// <summary>
/// The registrar's per-campaign switch of Campaign.ForbidNameAndIdNumberTogether: whether a student may have a 姓名
/// and a 证件号码 report open at the same time (the province's rule for a changed identity; some years it is lifted).
/// Guarded by the campaign's version like every other change of it.
/// </summary>
public sealed class ChangeIdentityRuleHandler(RegistryDbContext db, AuditLog audit, ILogger<ChangeIdentityRuleHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, int version, bool forbid, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (CampaignCommandResult.Refuses(campaign, version, out var refusal))
        {
            return refusal;
        }

        if (campaign.ForbidNameAndIdNumberTogether == forbid)
        {
            return new(CampaignOutcome.Done);
        }

        campaign.ForbidNameAndIdNumberTogether = forbid;
        audit.Add(AuditActions.CampaignChanged, "campaign", campaign.Id, forbid ? "forbid-name-and-id-number=on" : "forbid-name-and-id-number=off");
        if (await CampaignCommandResult.SaveAtVersionAsync(db, campaign, version, ct) is { Outcome: CampaignOutcome.ChangedMeanwhile } changed)
        {
            return changed;
        }

        logger.LogInformation("Campaign {CampaignId}: name and ID number together forbidden = {Forbid}", campaign.Id, forbid);
        return new(CampaignOutcome.Done);
    }
}

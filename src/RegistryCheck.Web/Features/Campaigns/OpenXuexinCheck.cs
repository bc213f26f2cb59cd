using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Campaigns;

/// <summary>
/// "学信网数据已上传": the registrar opens the campaign's 学信网 check once CHSI shows the admission data, which may be
/// weeks after the portal check opened. Until then students see the announced date and why it is not open.
/// </summary>
public sealed class OpenXuexinCheckHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit, IHttpContextAccessor http, ILogger<OpenXuexinCheckHandler> logger)
{
    public async Task<CampaignCommandResult> HandleAsync(int campaignId, int version, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (CampaignCommandResult.Refuses(campaign, version, out var refusal))
        {
            return refusal;
        }

        if (campaign.XuexinOpenedAt is not null)
        {
            return new(CampaignOutcome.Done);
        }

        campaign.XuexinOpenedAt = clock.UtcNow;
        campaign.XuexinOpenedByUserId = http.HttpContext?.User.GetUserId();
        audit.Add(AuditActions.XuexinOpened, "campaign", campaign.Id, "xuexin-check-opened");
        if (await CampaignCommandResult.SaveAtVersionAsync(db, campaign, version, ct) is { Outcome: CampaignOutcome.ChangedMeanwhile } changed)
        {
            return changed;
        }

        logger.LogInformation("Campaign {CampaignId}: xuexin check opened", campaign.Id);
        return new(CampaignOutcome.Done);
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

public sealed record BatchCampaignOption(int Id, string Name);

public sealed record RegistrarBatchesView(IReadOnlyList<BatchCampaignOption> Campaigns, int? CampaignId, IReadOnlyList<BatchSummary> Batches);

/// <summary>The registrar's list of the batches the colleges submitted for one campaign (drafts stay with the college).</summary>
public sealed class RegistrarBatchListHandler(RegistryDbContext db)
{
    public async Task<RegistrarBatchesView> HandleAsync(int? campaignId, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.OrderByDescending(c => c.OpensAt).Select(c => new BatchCampaignOption(c.Id, c.Name)).ToListAsync(ct);
        campaignId ??= campaigns.FirstOrDefault()?.Id;
        var batches = await BatchSummary.Query(db.Batches.Where(b => b.CampaignId == campaignId && b.Status != BatchStatus.Draft)).ToListAsync(ct);
        return new RegistrarBatchesView(campaigns, campaignId, batches);
    }
}

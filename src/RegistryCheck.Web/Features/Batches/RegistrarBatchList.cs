using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

public sealed record BatchCampaignOption(int Id, string Name);

public sealed record RegistrarBatchesView(
    IReadOnlyList<BatchCampaignOption> Campaigns, int? CampaignId, IReadOnlyList<BatchSummary> Batches, IReadOnlyList<CollegeSummaryRow> Colleges);

/// <summary>
/// The registrar's page for one campaign: each college against the summary deadline (submitted when and by whom,
/// 零报告, or not yet with the days left or late) and the batches the colleges submitted (drafts stay with the college).
/// </summary>
public sealed class RegistrarBatchListHandler(RegistryDbContext db)
{
    public async Task<RegistrarBatchesView> HandleAsync(int? campaignId, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.OrderByDescending(c => c.OpensAt).Select(c => new BatchCampaignOption(c.Id, c.Name)).ToListAsync(ct);
        campaignId ??= campaigns.FirstOrDefault()?.Id;
        var batches = await BatchSummary.Query(db.Batches.Where(b => b.CampaignId == campaignId && b.Status != BatchStatus.Draft)).ToListAsync(ct);
        var colleges = campaignId is int id ? await CollegeSummaryStatus.ForCampaignAsync(db, id, null, ct) : [];
        return new RegistrarBatchesView(campaigns, campaignId, batches, colleges);
    }
}

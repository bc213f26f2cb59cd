using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>Picks the campaign a tracking page shows.</summary>
public sealed class TrackingCampaignsHandler(RegistryDbContext db)
{
    public async Task<CampaignChoice?> ChooseAsync(int? campaignId, CancellationToken ct)
    {
        var open = await db.Campaigns.AsNoTracking()
            .Where(c => c.ClosedAt == null)
            .OrderByDescending(c => c.OpensAt).ThenByDescending(c => c.Id)
            .Select(c => new CampaignOption(c.Id, c.Name, c.Cohort, c.OpensAt, c.Deadline, c.XuexinOpenedAt))
            .ToListAsync(ct);
        if (open.Count == 0)
        {
            return null;
        }

        var selected = open.FirstOrDefault(c => c.Id == campaignId) ?? open[0];
        var intakeTypes = await db.StudentChecks.Where(c => c.CampaignId == selected.Id)
            .Select(c => c.Student.IntakeType).Distinct().OrderBy(t => t).ToListAsync(ct);
        return new CampaignChoice(open, selected, intakeTypes);
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed record OverrideRow(string StudentNumber, string Name, string ClassName, DateTime DeadlineOverride);

public sealed record CampaignDetailsView(CampaignRow Campaign, int Version, int OverrideCount, IReadOnlyList<OverrideRow> Overrides)
{
    public bool ForbidNameAndIdNumberTogether { get; init; }

    public DateTime? SummaryDeadline { get; init; }
}

/// <summary>One campaign: counts by state, and the students whose deadline was extended alone.</summary>
public sealed class CampaignDetailsHandler(RegistryDbContext db)
{
    public const int OverridesShown = 200;

    public async Task<CampaignDetailsView?> HandleAsync(int id, CancellationToken ct)
    {
        var c = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var counts = await CampaignCounts.ByStateAsync(db, id, ct);
        var exempt = await CampaignCounts.ExemptAsync(db, id, ct);
        var overrides = db.StudentChecks.AsNoTracking().Where(x => x.CampaignId == id && x.DeadlineOverride != null);
        var overrideCount = await overrides.CountAsync(ct);
        var rows = await overrides
            .OrderByDescending(x => x.DeadlineOverride).ThenBy(x => x.Student.StudentNumber)
            .Take(OverridesShown)
            .Select(x => new OverrideRow(x.Student.StudentNumber, x.Student.Name, x.Student.Class.Name, x.DeadlineOverride!.Value))
            .ToListAsync(ct);
        var row = new CampaignRow(c.Id, c.Name, c.Cohort, c.OpensAt, c.Deadline, c.ClosedAt, counts.GetValueOrDefault(id, []), exempt.GetValueOrDefault(id));
        return new CampaignDetailsView(row, c.Version, overrideCount, rows) { ForbidNameAndIdNumberTogether = c.ForbidNameAndIdNumberTogether, SummaryDeadline = c.SummaryDeadline };
    }
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Campaigns;

public sealed record StateCount(CheckState State, int Count);

public sealed record CampaignRow(
    int Id, string Name, int Cohort, DateTime OpensAt, DateTime Deadline, DateTime? ClosedAt,
    IReadOnlyList<StateCount> Counts, int Exempt)
{
    public int Total => Counts.Sum(c => c.Count);

    public int CountOf(CheckState state) => Counts.FirstOrDefault(c => c.State == state)?.Count ?? 0;
}

public sealed record CohortRow(int Cohort, int Students, bool HasOpenCampaign);

public sealed record CampaignListView(IReadOnlyList<CampaignRow> Current, IReadOnlyList<CampaignRow> History, IReadOnlyList<CohortRow> Cohorts);

/// <summary>Every campaign, open ones first, each with its counts by state computed by the database.</summary>
public sealed class CampaignListHandler(RegistryDbContext db)
{
    public async Task<CampaignListView> HandleAsync(CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking()
            .OrderByDescending(c => c.OpensAt).ThenByDescending(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.Cohort, c.OpensAt, c.Deadline, c.ClosedAt })
            .ToListAsync(ct);
        var counts = await CampaignCounts.ByStateAsync(db, null, ct);
        var exempt = await CampaignCounts.ExemptAsync(db, null, ct);

        var rows = campaigns.Select(c => new CampaignRow(c.Id, c.Name, c.Cohort, c.OpensAt, c.Deadline, c.ClosedAt,
            counts.GetValueOrDefault(c.Id, []), exempt.GetValueOrDefault(c.Id))).ToList();
        var open = rows.Where(r => r.ClosedAt is null).Select(r => r.Cohort).ToHashSet();
        var cohorts = await db.Students.AsNoTracking()
            .GroupBy(s => s.Cohort)
            .Select(g => new { Cohort = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Cohort)
            .ToListAsync(ct);
        return new CampaignListView(
            rows.Where(r => r.ClosedAt is null).ToList(),
            rows.Where(r => r.ClosedAt is not null).ToList(),
            cohorts.Select(c => new CohortRow(c.Cohort, c.Count, open.Contains(c.Cohort))).ToList());
    }
}

/// <summary>Counts by state with one GROUP BY in the database; exempt students are counted apart.</summary>
public static class CampaignCounts
{
    public static async Task<Dictionary<int, IReadOnlyList<StateCount>>> ByStateAsync(RegistryDbContext db, int? campaignId, CancellationToken ct)
    {
        var query = db.StudentChecks.AsNoTracking().Where(c => !c.IsExempt);
        if (campaignId is int id)
        {
            query = query.Where(c => c.CampaignId == id);
        }

        var rows = await query
            .GroupBy(c => new { c.CampaignId, c.State })
            .Select(g => new { g.Key.CampaignId, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.CampaignId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<StateCount>)g.Select(r => new StateCount(r.State, r.Count)).OrderBy(r => r.State).ToList());
    }

    public static async Task<Dictionary<int, int>> ExemptAsync(RegistryDbContext db, int? campaignId, CancellationToken ct)
    {
        var query = db.StudentChecks.AsNoTracking().Where(c => c.IsExempt);
        if (campaignId is int id)
        {
            query = query.Where(c => c.CampaignId == id);
        }

        return await query.GroupBy(c => c.CampaignId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}

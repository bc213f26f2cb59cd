using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>A campaign the tracking pages can show: an open one (not closed).</summary>
public sealed record CampaignOption(int Id, string Name, int Cohort, DateTime OpensAt, DateTime Deadline);

/// <summary>The campaigns to choose from and the one shown (the one asked for, else the latest open one).</summary>
public sealed record CampaignChoice(IReadOnlyList<CampaignOption> Options, CampaignOption Selected);

/// <summary>
/// Counts per state of the students who must check; exempt students are counted apart and in no other number.
/// </summary>
public sealed record StateCounts(int NotViewed, int Viewed, int Confirmed, int Reported, int Resolved, int Exempt)
{
    public static readonly StateCounts Zero = new(0, 0, 0, 0, 0, 0);

    public static readonly CheckState[] States =
        [CheckState.NotViewed, CheckState.Viewed, CheckState.Confirmed, CheckState.Reported, CheckState.Resolved];

    public int Total => NotViewed + Viewed + Confirmed + Reported + Resolved;

    /// <summary>Confirmed, or every report handled: nothing left to chase.</summary>
    public int Finished => Confirmed + Resolved;

    public int Of(CheckState state) => state switch
    {
        CheckState.NotViewed => NotViewed,
        CheckState.Viewed => Viewed,
        CheckState.Confirmed => Confirmed,
        CheckState.Reported => Reported,
        CheckState.Resolved => Resolved,
        _ => 0,
    };

    public static StateCounts operator +(StateCounts a, StateCounts b) => new(
        a.NotViewed + b.NotViewed, a.Viewed + b.Viewed, a.Confirmed + b.Confirmed, a.Reported + b.Reported,
        a.Resolved + b.Resolved, a.Exempt + b.Exempt);

    public StateCounts Add(CheckState state, bool exempt, int count) => exempt
        ? this with { Exempt = Exempt + count }
        : state switch
        {
            CheckState.NotViewed => this with { NotViewed = NotViewed + count },
            CheckState.Viewed => this with { Viewed = Viewed + count },
            CheckState.Confirmed => this with { Confirmed = Confirmed + count },
            CheckState.Reported => this with { Reported = Reported + count },
            CheckState.Resolved => this with { Resolved = Resolved + count },
            _ => this,
        };
}

/// <summary>One row of a progress table: a class or a college.</summary>
public sealed record UnitCounts(int Id, string Name, StateCounts Counts);

/// <summary>A staff member's reach into one class or one college, after the scope check.</summary>
public sealed record UnitRef(TrackingUnit Kind, int Id, string Name, int CollegeId, int? Cohort);

public enum TrackingUnit
{
    Class,
    College,
}

/// <summary>A student found inside the caller's scope.</summary>
public sealed record StudentRef(int Id, string StudentNumber, int ClassId, int CollegeId, int Cohort);

/// <summary>Where a check and its student travel together through the filters of a list.</summary>
public sealed class TrackedRow
{
    public required StudentCheck Check { get; init; }
    public required Student Student { get; init; }
}

/// <summary>The aggregates every tracking page shows. Each is one GROUP BY in the database.</summary>
public static class TrackingCounts
{
    /// <summary>Counts per class of the given students (already filtered by the caller's scope).</summary>
    public static async Task<Dictionary<int, StateCounts>> ByClassAsync(
        RegistryDbContext db, IQueryable<Student> students, int campaignId, CancellationToken ct)
    {
        var rows = await (
                from c in db.StudentChecks
                where c.CampaignId == campaignId
                join s in students on c.StudentId equals s.Id
                group c by new { s.ClassId, c.State, c.IsExempt } into g
                select new { Unit = g.Key.ClassId, g.Key.State, g.Key.IsExempt, Count = g.Count() })
            .ToListAsync(ct);
        return Fold(rows.Select(r => (r.Unit, r.State, r.IsExempt, r.Count)));
    }

    /// <summary>Counts per college of the given students (already filtered by the caller's scope).</summary>
    public static async Task<Dictionary<int, StateCounts>> ByCollegeAsync(
        RegistryDbContext db, IQueryable<Student> students, int campaignId, CancellationToken ct)
    {
        var rows = await (
                from c in db.StudentChecks
                where c.CampaignId == campaignId
                join s in students on c.StudentId equals s.Id
                group c by new { s.CollegeId, c.State, c.IsExempt } into g
                select new { Unit = g.Key.CollegeId, g.Key.State, g.Key.IsExempt, Count = g.Count() })
            .ToListAsync(ct);
        return Fold(rows.Select(r => (r.Unit, r.State, r.IsExempt, r.Count)));
    }

    private static Dictionary<int, StateCounts> Fold(IEnumerable<(int Unit, CheckState State, bool Exempt, int Count)> rows)
    {
        var result = new Dictionary<int, StateCounts>();
        foreach (var (unit, state, exempt, count) in rows)
        {
            result[unit] = result.GetValueOrDefault(unit, StateCounts.Zero).Add(state, exempt, count);
        }

        return result;
    }

    public static StateCounts Sum(IEnumerable<UnitCounts> units) =>
        units.Aggregate(StateCounts.Zero, (total, u) => total + u.Counts);
}

/// <summary>Picks the campaign a tracking page shows.</summary>
public sealed class TrackingCampaignsHandler(RegistryDbContext db)
{
    public async Task<CampaignChoice?> ChooseAsync(int? campaignId, CancellationToken ct)
    {
        var open = await db.Campaigns.AsNoTracking()
            .Where(c => c.ClosedAt == null)
            .OrderByDescending(c => c.OpensAt).ThenByDescending(c => c.Id)
            .Select(c => new CampaignOption(c.Id, c.Name, c.Cohort, c.OpensAt, c.Deadline))
            .ToListAsync(ct);
        if (open.Count == 0)
        {
            return null;
        }

        var selected = open.FirstOrDefault(c => c.Id == campaignId) ?? open[0];
        return new CampaignChoice(open, selected);
    }
}

/// <summary>What the shared counts table shows: the rows, the total row and where each row links.</summary>
public sealed record CountsTableModel(string UnitLabel, TrackingUnit Kind, IReadOnlyList<UnitCounts> Units, StateCounts? Total, string TotalLabel, Func<int, string> LinkOf);

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>The aggregates every tracking page shows, for both checks. Each is one GROUP BY in the database.</summary>
public static class TrackingCounts
{
    /// <summary>Counts per class of the given students (already filtered by the caller's scope).</summary>
    public static Task<Dictionary<int, StateCounts>> ByClassAsync(
        RegistryDbContext db, IQueryable<Student> students, int campaignId, CancellationToken ct) =>
        ByUnitAsync(db, students, campaignId, (c, s) => new UnitCheck { Unit = s.ClassId, State = c.State, Xuexin = c.XuexinState, IsExempt = c.IsExempt }, ct);

    /// <summary>Counts per college of the given students (already filtered by the caller's scope).</summary>
    public static Task<Dictionary<int, StateCounts>> ByCollegeAsync(
        RegistryDbContext db, IQueryable<Student> students, int campaignId, CancellationToken ct) =>
        ByUnitAsync(db, students, campaignId, (c, s) => new UnitCheck { Unit = s.CollegeId, State = c.State, Xuexin = c.XuexinState, IsExempt = c.IsExempt }, ct);

    private static async Task<Dictionary<int, StateCounts>> ByUnitAsync(RegistryDbContext db, IQueryable<Student> students, int campaignId,
        Expression<Func<StudentCheck, Student, UnitCheck>> unitOf, CancellationToken ct)
    {
        var rows = await db.StudentChecks
            .Where(c => c.CampaignId == campaignId)
            .Join(students, c => c.StudentId, s => s.Id, unitOf)
            .GroupBy(x => new { x.Unit, x.State, x.Xuexin, x.IsExempt })
            .Select(g => new { g.Key.Unit, g.Key.State, g.Key.Xuexin, g.Key.IsExempt, Count = g.Count() })
            .ToListAsync(ct);
        return Fold(rows.Select(r => (r.Unit, r.State, r.Xuexin, r.IsExempt, r.Count)));
    }

    /// <summary>A check with the unit (class or college) it is counted in; a member-init type so EF can group by it.</summary>
    private sealed class UnitCheck
    {
        public int Unit { get; init; }

        public CheckState State { get; init; }

        public XuexinState Xuexin { get; init; }

        public bool IsExempt { get; init; }
    }

    private static Dictionary<int, StateCounts> Fold(IEnumerable<(int Unit, CheckState State, XuexinState Xuexin, bool Exempt, int Count)> rows)
    {
        var result = new Dictionary<int, StateCounts>();
        foreach (var (unit, state, xuexin, exempt, count) in rows)
        {
            result[unit] = result.GetValueOrDefault(unit, StateCounts.Zero).Add(state, xuexin, exempt, count);
        }

        return result;
    }

    public static StateCounts Sum(IEnumerable<UnitCounts> units) =>
        units.Aggregate(StateCounts.Zero, (total, u) => total + u.Counts);
}

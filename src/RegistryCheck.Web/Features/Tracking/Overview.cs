using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Tracking;

public sealed record OverviewView(
    CampaignChoice Campaign, int DaysLeft, TrackingUnit UnitKind, IReadOnlyList<UnitCounts> Units, StateCounts Total,
    IReadOnlyList<UnitCounts> Colleges, IReadOnlyList<TrendDay>? Trend, string? Intake = null);

/// <summary>
/// The tracking start page. The registrar sees one row per college of the cohort and the daily trend; a college
/// administrator and a counselor see one row per class they may see, and the college administrator the college total.
/// </summary>
public sealed class OverviewHandler(RegistryDbContext db, StaffScopes scopes, CampaignClock clock, TrendHandler trend)
{
    public async Task<OverviewView> HandleAsync(ClaimsPrincipal user, CampaignChoice choice, string? rawIntake, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var campaign = choice.Selected;
        var intake = StudentFilter.IntakeOf(rawIntake);
        var students = StudentFilter.Students(db, scope, campaign.Cohort, intake);
        var daysLeft = clock.DaysLeft(campaign.Deadline);

        if (scope.All)
        {
            var byCollege = await TrackingCounts.ByCollegeAsync(db, students, campaign.Id, ct);
            var colleges = await db.Colleges.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            var units = colleges
                .Select(c => new UnitCounts(c.Id, c.Name, byCollege.GetValueOrDefault(c.Id, StateCounts.Zero)))
                .ToList();
            var days = await trend.HandleAsync(campaign, intake, ct);
            return new OverviewView(choice, daysLeft, TrackingUnit.College, units, TrackingCounts.Sum(units), [], days, intake);
        }

        var byClass = await TrackingCounts.ByClassAsync(db, students, campaign.Id, ct);
        var classes = await scope.Classes(db.Classes.AsNoTracking().Where(c => c.Cohort == campaign.Cohort))
            .OrderBy(c => c.College.Name).ThenBy(c => c.Name)
            .Select(c => new { c.Id, c.Name })
            .ToListAsync(ct);
        var classUnits = classes
            .Select(c => new UnitCounts(c.Id, c.Name, byClass.GetValueOrDefault(c.Id, StateCounts.Zero)))
            .ToList();

        // A college administrator also gets the college's own page (its total and the whole college's list).
        var collegeIds = scope.CollegeIds;
        var collegeUnits = new List<UnitCounts>();
        if (collegeIds.Count > 0)
        {
            var collegeRows = await db.Colleges.AsNoTracking().Where(c => collegeIds.Contains(c.Id)).OrderBy(c => c.Name)
                .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            var collegeCounts = await TrackingCounts.ByCollegeAsync(db, students, campaign.Id, ct);
            collegeUnits = collegeRows
                .Select(c => new UnitCounts(c.Id, c.Name, collegeCounts.GetValueOrDefault(c.Id, StateCounts.Zero)))
                .ToList();
        }

        return new OverviewView(choice, daysLeft, TrackingUnit.Class, classUnits, TrackingCounts.Sum(classUnits), collegeUnits, null, intake);
    }
}

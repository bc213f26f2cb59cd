using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Scopes;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// Finds a class, a college or a student named in a URL, only inside the caller's scope. A row that exists but lies
/// outside the scope is audited as a denied access; either way the caller answers 404, so ids cannot be probed.
/// </summary>
public sealed class TrackingAccessHandler(RegistryDbContext db, StaffScopes scopes)
{
    public Task<UnitRef?> ClassAsync(ClaimsPrincipal user, int classId, CancellationToken ct) =>
        InScopeAsync(user, "class", classId,
            db.Classes.AsNoTracking().Where(c => c.Id == classId).Select(c => new UnitRef(TrackingUnit.Class, c.Id, c.Name, c.CollegeId, c.Cohort)),
            (scope, c) => scope.CoversClass(c.Id, c.CollegeId), ct);

    public Task<UnitRef?> CollegeAsync(ClaimsPrincipal user, int collegeId, CancellationToken ct) =>
        InScopeAsync(user, "college", collegeId,
            db.Colleges.AsNoTracking().Where(c => c.Id == collegeId).Select(c => new UnitRef(TrackingUnit.College, c.Id, c.Name, c.Id, null)),
            (scope, c) => scope.CoversCollege(c.Id), ct);

    public Task<StudentRef?> StudentAsync(ClaimsPrincipal user, int studentId, CancellationToken ct) =>
        InScopeAsync(user, "student", studentId,
            db.Students.AsNoTracking().Where(s => s.Id == studentId).Select(s => new StudentRef(s.Id, s.StudentNumber, s.ClassId, s.CollegeId, s.Cohort)),
            (scope, s) => scope.CoversClass(s.ClassId, s.CollegeId), ct);

    private async Task<T?> InScopeAsync<T>(ClaimsPrincipal user, string kind, int id, IQueryable<T> row, Func<ScopeFilter, T, bool> covers, CancellationToken ct)
        where T : class
    {
        var found = await row.FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        if (!covers(await scopes.ForAsync(user, ct), found))
        {
            await scopes.AuditDeniedAsync(kind, id);
            return null;
        }

        return found;
    }
}

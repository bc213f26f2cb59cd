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
    public async Task<UnitRef?> ClassAsync(ClaimsPrincipal user, int classId, CancellationToken ct)
    {
        var found = await db.Classes.AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new UnitRef(TrackingUnit.Class, c.Id, c.Name, c.CollegeId, c.Cohort))
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var scope = await scopes.ForAsync(user, ct);
        if (!scope.CoversClass(found.Id, found.CollegeId))
        {
            await scopes.AuditDeniedAsync("class", classId);
            return null;
        }

        return found;
    }

    public async Task<UnitRef?> CollegeAsync(ClaimsPrincipal user, int collegeId, CancellationToken ct)
    {
        var found = await db.Colleges.AsNoTracking().Where(c => c.Id == collegeId)
            .Select(c => new UnitRef(TrackingUnit.College, c.Id, c.Name, c.Id, null))
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var scope = await scopes.ForAsync(user, ct);
        if (!scope.CoversCollege(found.Id))
        {
            await scopes.AuditDeniedAsync("college", collegeId);
            return null;
        }

        return found;
    }

    public async Task<StudentRef?> StudentAsync(ClaimsPrincipal user, int studentId, CancellationToken ct)
    {
        var found = await db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Select(s => new StudentRef(s.Id, s.StudentNumber, s.ClassId, s.CollegeId, s.Cohort))
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var scope = await scopes.ForAsync(user, ct);
        if (!scope.CoversClass(found.ClassId, found.CollegeId))
        {
            await scopes.AuditDeniedAsync("student", studentId);
            return null;
        }

        return found;
    }
}

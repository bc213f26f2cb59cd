using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Infrastructure.Scopes;

/// <summary>
/// What one staff member may see: everything (registrar, administrator), whole colleges (college administrator)
/// or classes (counselor). Every staff query goes through <see cref="Students"/> or the Contains checks, so a
/// row outside the scope is simply not found.
/// </summary>
public sealed record ScopeFilter(bool All, IReadOnlyList<int> CollegeIds, IReadOnlyList<int> ClassIds)
{
    public static readonly ScopeFilter None = new(false, [], []);

    public bool IsEmpty => !All && CollegeIds.Count == 0 && ClassIds.Count == 0;

    public IQueryable<Student> Students(IQueryable<Student> students) =>
        All ? students : students.Where(s => CollegeIds.Contains(s.CollegeId) || ClassIds.Contains(s.ClassId));

    public IQueryable<SchoolClass> Classes(IQueryable<SchoolClass> classes) =>
        All ? classes : classes.Where(c => CollegeIds.Contains(c.CollegeId) || ClassIds.Contains(c.Id));

    public IQueryable<College> Colleges(IQueryable<College> colleges, IQueryable<SchoolClass> allClasses) =>
        All ? colleges : colleges.Where(c => CollegeIds.Contains(c.Id) || allClasses.Any(k => k.CollegeId == c.Id && ClassIds.Contains(k.Id)));

    public bool CoversClass(int classId, int collegeId) => All || CollegeIds.Contains(collegeId) || ClassIds.Contains(classId);

    public bool CoversCollege(int collegeId) => All || CollegeIds.Contains(collegeId);
}

public sealed class StaffScopes(RegistryDbContext db, AuditLog audit)
{
    private ScopeFilter? _cached;

    /// <summary>The signed-in staff member's scope; students and unknown users get nothing.</summary>
    public async Task<ScopeFilter> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (_cached is not null)
        {
            return _cached;
        }

        if (user.IsInRole(Roles.Registrar) || user.IsInRole(Roles.Administrator))
        {
            return _cached = new ScopeFilter(true, [], []);
        }

        if (!user.IsInRole(Roles.Counselor) && !user.IsInRole(Roles.CollegeAdmin))
        {
            return _cached = ScopeFilter.None;
        }

        var userId = user.GetUserId();
        var rows = await db.StaffScopes.AsNoTracking().Where(s => s.UserId == userId)
            .Select(s => new { s.CollegeId, s.ClassId }).ToListAsync(ct);
        var colleges = user.IsInRole(Roles.CollegeAdmin) ? rows.Where(r => r.CollegeId != null).Select(r => r.CollegeId!.Value).Distinct().ToList() : [];
        var classes = user.IsInRole(Roles.Counselor) ? rows.Where(r => r.ClassId != null).Select(r => r.ClassId!.Value).Distinct().ToList() : [];
        return _cached = new ScopeFilter(false, colleges, classes);
    }

    /// <summary>Records a try to reach a row outside the scope; the caller then answers 404.</summary>
    public Task AuditDeniedAsync(string targetType, object targetId) =>
        audit.WriteNowAsync(AuditActions.AccessDenied, targetType, targetId, "out of scope", succeeded: false);
}

using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// Roles and scopes of one staff account, written straight to Identity's join table and StaffScopes so that the
/// change and its audit entry are one SaveChanges. A counselor's scope is classes, a college administrator's a
/// college; scope rows exist only for the roles the account holds.
/// </summary>
public sealed class StaffAssignments(RegistryDbContext db)
{
    public async Task<StaffFormOptions> OptionsAsync(CancellationToken ct)
    {
        var colleges = await db.Colleges.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var classes = await db.Classes.AsNoTracking().OrderByDescending(c => c.Cohort).ThenBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.CollegeId }).ToListAsync(ct);
        return new StaffFormOptions(colleges
            .Select(c => new CollegeOption(c.Id, c.Name, classes.Where(k => k.CollegeId == c.Id).Select(k => new ClassOption(k.Id, k.Name)).ToList()))
            .ToList());
    }

    public async Task<List<UserMessage>> ValidateAsync(IReadOnlyCollection<string> roles, IReadOnlyCollection<int> classIds, int? collegeId, CancellationToken ct)
    {
        var problems = new List<UserMessage>();
        if (roles.Count == 0)
        {
            problems.Add(UserMessage.For("Roles", "请至少选择一个角色"));
        }

        if (roles.Contains(Roles.Counselor))
        {
            var known = await db.Classes.CountAsync(c => classIds.Contains(c.Id), ct);
            if (classIds.Count == 0)
            {
                problems.Add(UserMessage.For("ClassIds", "辅导员至少需要负责一个班级"));
            }
            else if (known != classIds.Count)
            {
                problems.Add(UserMessage.For("ClassIds", "所选班级不存在"));
            }
        }

        if (roles.Contains(Roles.CollegeAdmin))
        {
            if (collegeId is null)
            {
                problems.Add(UserMessage.For("CollegeId", "学院教务员需要指定学院"));
            }
            else if (!await db.Colleges.AnyAsync(c => c.Id == collegeId, ct))
            {
                problems.Add(UserMessage.For("CollegeId", "所选学院不存在"));
            }
        }

        return problems;
    }

    public static List<string> CleanRoles(IEnumerable<string>? roles) =>
        (roles ?? []).Where(StaffFormOptions.RoleChoices.Contains).Distinct().OrderBy(r => Array.IndexOf(StaffFormOptions.RoleChoices, r)).ToList();

    public async Task<List<string>> RolesOfAsync(int userId, CancellationToken ct) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where ur.UserId == userId
               select r.Name!).ToListAsync(ct);

    /// <summary>Brings roles and scopes to the wanted state; returns the audit details of what changed, or null.</summary>
    public async Task<(string? Roles, string? Scopes)> ApplyAsync(int userId, IReadOnlyCollection<string> roles, IReadOnlyCollection<int> classIds, int? collegeId, CancellationToken ct)
    {
        var roleIds = await db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var current = await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(ct);
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var role in roles.Where(r => current.All(c => c.RoleId != roleIds[r])))
        {
            db.UserRoles.Add(new IdentityUserRole<int> { UserId = userId, RoleId = roleIds[role] });
            added.Add(role);
        }

        foreach (var row in current.Where(c => !roles.Any(r => roleIds[r] == c.RoleId)))
        {
            db.UserRoles.Remove(row);
            removed.Add(roleIds.FirstOrDefault(k => k.Value == row.RoleId).Key ?? row.RoleId.ToString(CultureInfo.InvariantCulture));
        }

        var wantClasses = roles.Contains(Roles.Counselor) ? classIds.Distinct().Order().ToList() : [];
        var wantCollege = roles.Contains(Roles.CollegeAdmin) ? collegeId : null;
        var scopes = await db.StaffScopes.Where(s => s.UserId == userId).ToListAsync(ct);
        var haveClasses = scopes.Where(s => s.ClassId != null).Select(s => s.ClassId!.Value).Order().ToList();
        var haveCollege = scopes.FirstOrDefault(s => s.CollegeId != null)?.CollegeId;
        string? scopeDetails = null;
        if (!haveClasses.SequenceEqual(wantClasses) || haveCollege != wantCollege || scopes.Count(s => s.CollegeId != null) > 1)
        {
            db.StaffScopes.RemoveRange(scopes);
            db.StaffScopes.AddRange(wantClasses.Select(id => new StaffScope { UserId = userId, ClassId = id }));
            if (wantCollege is int college)
            {
                db.StaffScopes.Add(new StaffScope { UserId = userId, CollegeId = college });
            }

            scopeDetails = string.Create(CultureInfo.InvariantCulture,
                $"classes={string.Join(',', wantClasses)} college={wantCollege?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }

        var roleDetails = added.Count + removed.Count == 0 ? null
            : $"roles added={string.Join(',', added)} removed={string.Join(',', removed)}";
        return (roleDetails, scopeDetails);
    }

    /// <summary>
    /// Takes the administrators' lock for the rest of the caller's transaction: one UPDATE of the Administrator role's
    /// row. Every change that can take an administrator away (demote, disable) calls it first, so two of them run one
    /// after the other and the second one's <see cref="OtherActiveAdministratorExistsAsync"/> sees the first one's
    /// result. A row write is a lock on every provider: SQLite's transaction holds the database's write lock (BEGIN
    /// IMMEDIATE), PostgreSQL and SQL Server hold the row lock until commit, and their read-committed statements
    /// after it read what was committed meanwhile (a check-then-update without it is write skew there, issue 16).
    /// </summary>
    public Task<int> LockAdministratorsAsync(CancellationToken ct)
    {
        var name = Roles.Administrator.ToUpperInvariant();
        var stamp = Guid.NewGuid().ToString("N");
        return db.Roles.Where(r => r.NormalizedName == name).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, stamp), ct);
    }

    /// <summary>True when an enabled administrator other than this user exists: the system must keep one.</summary>
    public Task<bool> OtherActiveAdministratorExistsAsync(int userId, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         join u in db.Users on ur.UserId equals u.Id
         where r.Name == Roles.Administrator && !u.IsDisabled && u.StudentId == null && u.Id != userId
         select u.Id).AnyAsync(ct);
}

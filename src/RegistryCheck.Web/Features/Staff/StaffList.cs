using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Staff;

public sealed record StaffRow(int Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, bool IsDisabled, DateTime CreatedAt);

public sealed record StaffListView(IReadOnlyList<StaffRow> Rows, int Page, int PageCount, int Total, string? Query);

/// <summary>Staff accounts only (students have StudentId), paged and sorted by user name on the server.</summary>
public sealed class StaffListHandler(RegistryDbContext db)
{
    public const int PageSize = 50;

    public async Task<StaffListView> HandleAsync(int page, string? query, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking().Where(u => u.StudentId == null);
        var q = query?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var upper = q.ToUpperInvariant();
            users = users.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(q));
        }

        var total = await users.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await users.OrderBy(u => u.UserName).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.IsDisabled, u.CreatedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var scopes = await db.StaffScopes.AsNoTracking().Where(s => ids.Contains(s.UserId))
            .Select(s => new { s.UserId, Name = s.Class != null ? s.Class.Name : s.College!.Name })
            .ToListAsync(ct);
        return new StaffListView(
            rows.Select(r => new StaffRow(r.Id, r.UserName ?? "", r.DisplayName,
                StaffAssignments.CleanRoles(roles.Where(x => x.UserId == r.Id).Select(x => x.Name!)),
                scopes.Where(x => x.UserId == r.Id).Select(x => x.Name).Order().ToList(),
                r.IsDisabled, r.CreatedAt)).ToList(),
            page, pageCount, total, q);
    }
}

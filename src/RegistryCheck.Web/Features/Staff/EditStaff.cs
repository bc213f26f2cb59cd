using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Staff;

public sealed record StaffAccountView(int Id, string UserName, bool IsDisabled, DateTime CreatedAt, bool IsSelf);

public sealed record EditStaffResult(bool Found, IReadOnlyList<UserMessage> Problems)
{
    public bool Succeeded => Found && Problems.Count == 0;
}

/// <summary>
/// Display name, roles and scopes of one staff account. An administrator cannot remove their own Administrator
/// role, and the last enabled administrator keeps it: the system never loses its administrator. Removed roles
/// leave open sessions within the security-stamp interval (one minute), when the cookie's claims are rebuilt.
/// The check and the change run under the administrators' lock (<see cref="StaffAssignments.LockAdministratorsAsync"/>).
/// </summary>
public sealed class EditStaffHandler(RegistryDbContext db, StaffAssignments assignments, AuditLog audit, ILogger<EditStaffHandler> logger)
{
    public async Task<(StaffAccountView Account, StaffRolesForm Form)?> GetAsync(int id, int actorId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id && u.StudentId == null)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.IsDisabled, u.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }

        var scopes = await db.StaffScopes.AsNoTracking().Where(s => s.UserId == id).Select(s => new { s.ClassId, s.CollegeId }).ToListAsync(ct);
        var form = new StaffRolesForm
        {
            DisplayName = user.DisplayName,
            Email = user.Email,
            Roles = StaffAssignments.CleanRoles(await assignments.RolesOfAsync(id, ct)),
            ClassIds = scopes.Where(s => s.ClassId != null).Select(s => s.ClassId!.Value).ToList(),
            CollegeId = scopes.FirstOrDefault(s => s.CollegeId != null)?.CollegeId,
        };
        return (new StaffAccountView(user.Id, user.UserName ?? "", user.IsDisabled, user.CreatedAt, user.Id == actorId), form);
    }

    public async Task<EditStaffResult> HandleAsync(int id, int actorId, StaffRolesForm form, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Before anything is read: two administrators demoting each other at once run one after the other.
        await assignments.LockAdministratorsAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.StudentId == null, ct);
        if (user is null)
        {
            return new(false, []);
        }

        var roles = StaffAssignments.CleanRoles(form.Roles);
        var problems = await assignments.ValidateAsync(roles, form.ClassIds, form.CollegeId, ct);
        var wasAdmin = (await assignments.RolesOfAsync(id, ct)).Contains(Roles.Administrator);
        if (wasAdmin && !roles.Contains(Roles.Administrator))
        {
            if (id == actorId)
            {
                problems.Add(UserMessage.For("Roles", "不能移除自己的系统管理员角色"));
            }
            else if (!user.IsDisabled && !await assignments.OtherActiveAdministratorExistsAsync(id, ct))
            {
                problems.Add(UserMessage.For("Roles", "系统至少需要保留一名启用的系统管理员"));
            }
        }

        if (problems.Count > 0)
        {
            return new(true, problems);
        }

        var name = form.DisplayName!.Trim();
        var renamed = user.DisplayName != name;
        user.DisplayName = name;
        var email = StaffRolesForm.CleanEmail(form.Email);
        var emailChanged = user.Email != email;
        user.Email = email;
        user.NormalizedEmail = email?.ToUpperInvariant();
        var (roleDetails, scopeDetails) = await assignments.ApplyAsync(id, roles, form.ClassIds, form.CollegeId, ct);
        if (roleDetails is not null || renamed || emailChanged)
        {
            // Which fields changed, never the address itself (audit details carry ids and codes only).
            var details = string.Join(' ', new[] { roleDetails, renamed ? "display-name" : null, emailChanged ? (email is null ? "email-removed" : "email") : null }
                .Where(d => d is not null));
            audit.Add(AuditActions.StaffChanged, "user", id, details);
        }

        if (scopeDetails is not null)
        {
            audit.Add(AuditActions.ScopeChanged, "user", id, scopeDetails);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Staff account {UserId} roles or scopes changed by {ActorId}", id, actorId);
        return new(true, []);
    }
}

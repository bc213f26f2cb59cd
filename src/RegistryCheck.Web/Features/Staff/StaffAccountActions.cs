using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Staff;

public enum StaffActionOutcome
{
    Done,
    NotFound,
    Self,
    LastAdministrator,
    Failed,
}

/// <summary>
/// Disabling, enabling and password resets. Disabling changes the security stamp, so an open session ends at its
/// next validation (one minute); sign-in refuses a disabled account. A reset password is generated, returned to
/// be shown once, and audited without the password.
/// </summary>
public sealed class StaffAccountHandler(
    RegistryDbContext db, UserManager<AppUser> users, StaffAssignments assignments, AuditLog audit, ILogger<StaffAccountHandler> logger)
{
    public async Task<StaffActionOutcome> SetDisabledAsync(int id, int actorId, bool disabled, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.StudentId == null, ct);
        if (user is null)
        {
            return StaffActionOutcome.NotFound;
        }

        if (disabled && id == actorId)
        {
            return StaffActionOutcome.Self;
        }

        if (disabled && !user.IsDisabled && (await assignments.RolesOfAsync(id, ct)).Contains(Roles.Administrator)
            && !await assignments.OtherActiveAdministratorExistsAsync(id, ct))
        {
            return StaffActionOutcome.LastAdministrator;
        }

        if (user.IsDisabled == disabled)
        {
            return StaffActionOutcome.Done;
        }

        user.IsDisabled = disabled;
        if (disabled)
        {
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        audit.Add(AuditActions.StaffChanged, "user", id, disabled ? "disabled" : "enabled");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Staff account {UserId} disabled={Disabled} by {ActorId}", id, disabled, actorId);
        return StaffActionOutcome.Done;
    }

    public async Task<(StaffActionOutcome Outcome, StaffPasswordView? Password)> ResetPasswordAsync(int id, int actorId, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.StudentId == null, ct);
        if (user is null)
        {
            return (StaffActionOutcome.NotFound, null);
        }

        var password = await StaffPasswords.GenerateValidAsync(users, user);
        // Generated for someone else: changed by its owner at the next sign-in.
        user.MustChangePassword = true;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Both change the security stamp: the account's open sessions end with the old password.
        var removed = await users.RemovePasswordAsync(user);
        var added = removed.Succeeded ? await users.AddPasswordAsync(user, password) : removed;
        if (!added.Succeeded)
        {
            return (StaffActionOutcome.Failed, null);
        }

        audit.Add(AuditActions.PasswordReset, "user", id, "staff password reset, generated");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Password of staff account {UserId} reset by {ActorId}", id, actorId);
        return (StaffActionOutcome.Done, new StaffPasswordView(user.Id, user.UserName ?? "", user.DisplayName, password, false));
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// The administrator's password reset of a staff account: a password is generated, returned to be shown once, and
/// audited without the password; its owner must change it at the next sign-in.
/// </summary>
public sealed class ResetStaffPasswordHandler(RegistryDbContext db, UserManager<AppUser> users, AuditLog audit, ILogger<ResetStaffPasswordHandler> logger)
{
    public async Task<(StaffActionOutcome Outcome, StaffPasswordView? Password)> HandleAsync(int id, int actorId, CancellationToken ct)
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

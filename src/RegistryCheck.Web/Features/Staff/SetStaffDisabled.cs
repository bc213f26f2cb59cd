using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// Disabling and enabling a staff account. Disabling changes the security stamp, so an open session ends at its
/// next validation (one minute); sign-in refuses a disabled account. The last enabled administrator cannot be
/// disabled, also when two administrators disable each other at the same moment: the check and the change run
/// under the administrators' lock (<see cref="StaffAssignments.LockAdministratorsAsync"/>).
/// </summary>
public sealed class SetStaffDisabledHandler(RegistryDbContext db, StaffAssignments assignments, AuditLog audit, ILogger<SetStaffDisabledHandler> logger)
{
    public async Task<StaffActionOutcome> HandleAsync(int id, int actorId, bool disabled, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (disabled)
        {
            // Before anything is read: what follows sees every administrator change committed before it.
            await assignments.LockAdministratorsAsync(ct);
        }

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
        await tx.CommitAsync(ct);
        logger.LogInformation("Staff account {UserId} disabled={Disabled} by {ActorId}", id, disabled, actorId);
        return StaffActionOutcome.Done;
    }
}

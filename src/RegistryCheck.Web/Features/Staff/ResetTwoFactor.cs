using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>
/// A lost phone: the administrator turns the account's two-factor sign-in off and discards its key and recovery
/// codes (audited); the person enrols again at the next sign-in if their role requires it. Open sessions end
/// (the key reset changes the security stamp; the session rows are deleted at once).
/// </summary>
public sealed class ResetTwoFactorHandler(RegistryDbContext db, UserManager<AppUser> users, AuditLog audit, ILogger<ResetTwoFactorHandler> logger)
{
    /// <returns>False when there is no such staff account.</returns>
    public async Task<bool> HandleAsync(int id, int actorId, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.StudentId == null, ct);
        if (user is null)
        {
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await db.UserSessions.Where(s => s.UserId == id).ExecuteDeleteAsync(ct);
        await audit.WriteNowAsync(AuditActions.TwoFactorReset, "user", id, "by administrator");
        logger.LogWarning("Administrator {ActorId} reset the two-factor sign-in of {UserId}", actorId, id);
        return true;
    }
}

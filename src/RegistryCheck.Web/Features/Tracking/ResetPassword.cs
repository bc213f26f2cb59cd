using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>
/// "Forgot my password": back to the initial rule (last six of the ID number). The hash goes, so the student must
/// set an own password again; a new security stamp ends every open session of the account at its next validation;
/// the account's sign-in lockout is lifted.
/// </summary>
public sealed class ResetPasswordHandler(RegistryDbContext db, AuditLog audit, ILogger<ResetPasswordHandler> logger)
{
    public async Task<bool> HandleAsync(StudentRef student, CancellationToken ct)
    {
        var account = await db.Users.FirstOrDefaultAsync(u => u.StudentId == student.Id, ct);
        if (account is null)
        {
            return false;
        }

        account.PasswordHash = null;
        account.PasswordChangedAt = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.ConcurrencyStamp = Guid.NewGuid().ToString();
        var key = SignInGuard.AccountKey("student", InputNormalizer.Normalize(student.StudentNumber));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
        audit.Add(AuditActions.PasswordReset, "student", student.Id, "reset to the initial password rule");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Password of student {StudentId} reset to the initial rule", student.Id);
        return true;
    }
}

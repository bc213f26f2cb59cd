using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Infrastructure.Auth;

public sealed class ResetCodeOptions
{
    /// <summary><c>Security:ResetCodeHours</c>: how long a one-time reset code can be used for the sign-in.</summary>
    public int ResetCodeHours { get; set; } = 72;
}

/// <summary>A one-time code that replaced a student's password, to be handed to the student once.</summary>
public sealed record ResetCode(int StudentId, string Code, DateTime ValidUntilUtc);

/// <summary>
/// A student's password reset (ADR-018): a random eight-digit code, stored only as a password hash, valid for
/// <see cref="ResetCodeOptions.ResetCodeHours"/>, to be changed at the sign-in that uses it. The account's sessions
/// end (new security stamp) and its sign-in lockout is lifted. One entry point, so that whoever hands the code over
/// (today the counselor's page, later the notifications to the student's own contacts) issues it the same way.
/// </summary>
public sealed class ResetCodeIssuer(
    RegistryDbContext db, IPasswordHasher<AppUser> hasher, AuditLog audit, TimeProvider time, IOptions<ResetCodeOptions> options,
    ILogger<ResetCodeIssuer> logger)
{
    public const int Digits = 8;

    /// <returns>The code, or null when the student has no account.</returns>
    public async Task<ResetCode?> IssueAsync(int studentId, string studentNumber, string handedOverBy, CancellationToken ct)
    {
        var account = await db.Users.FirstOrDefaultAsync(u => u.StudentId == studentId, ct);
        if (account is null)
        {
            return null;
        }

        var code = NewCode();
        var validUntil = time.GetUtcNow().UtcDateTime.AddHours(Math.Clamp(options.Value.ResetCodeHours, 1, 24 * 30));
        account.PasswordHash = hasher.HashPassword(account, code);
        account.PasswordExpiresAt = validUntil;
        account.MustChangePassword = true;
        account.PasswordChangedAt = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.ConcurrencyStamp = Guid.NewGuid().ToString();
        var key = SignInGuard.StudentKey(studentNumber);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
        // The actor is the signed-in staff member (AuditLog); never the code.
        audit.Add(AuditActions.PasswordReset, "student", studentId,
            $"one-time code issued, valid until {validUntil:yyyy-MM-dd HH:mm} UTC, handed over by {handedOverBy}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("One-time reset code issued for student {StudentId}", studentId);
        return new ResetCode(studentId, code, validUntil);
    }

    /// <summary>Uniform over 10^8 (RandomNumberGenerator.GetInt32 has no modulo bias), leading zeros kept.</summary>
    private static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}

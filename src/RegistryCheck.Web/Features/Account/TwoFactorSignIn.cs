using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.Web.Features.Account;

public enum TwoFactorOutcome
{
    SignedIn,
    Wrong,
    LockedOut,
    NoPendingSignIn,
}

/// <summary>
/// The second step of a staff sign-in with an authenticator: the password step left the account id in Identity's
/// two-factor cookie; a code from the app (or a recovery code, each usable once) completes the sign-in. Wrong codes
/// count towards Identity's lockout of this account (turned on at enrolment).
/// </summary>
public sealed class TwoFactorSignInHandler(RegistryDbContext db, SignInManager<AppUser> signInManager, AuditLog audit, ILogger<TwoFactorSignInHandler> logger)
{
    public async Task<TwoFactorOutcome> HandleAsync(string code, CancellationToken ct)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null || user.IsDisabled)
        {
            return TwoFactorOutcome.NoPendingSignIn;
        }

        var trimmed = code.Trim();
        var digits = new string(trimmed.Where(char.IsDigit).ToArray());
        var result = digits.Length == 6 && digits.Length == trimmed.Replace(" ", "", StringComparison.Ordinal).Length
            ? await signInManager.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false)
            : await signInManager.TwoFactorRecoveryCodeSignInAsync(trimmed.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            audit.Add(AuditActions.SignIn, "user", user.Id, "with second factor");
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Staff {UserId} signed in with a second factor", user.Id);
            return TwoFactorOutcome.SignedIn;
        }

        await audit.WriteNowAsync(AuditActions.TwoFactorFailed, "user", user.Id, result.IsLockedOut ? "locked out" : null, succeeded: false);
        return result.IsLockedOut ? TwoFactorOutcome.LockedOut : TwoFactorOutcome.Wrong;
    }
}

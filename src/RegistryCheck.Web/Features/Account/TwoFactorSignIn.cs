using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Sessions;

namespace RegistryCheck.Web.Features.Account;

public enum TwoFactorOutcome
{
    SignedIn,
    Wrong,
    LockedOut,
    NoPendingSignIn,
}

/// <summary>
/// The second step of a staff sign-in with an authenticator: the first step (password, or a campus sign-in under
/// Security:TwoFactor:AlsoForSso) left the account in Identity's two-factor cookie (PendingSecondFactor); a code
/// from the app, accepted once (AuthenticatorCodes), or a recovery code, each usable once, completes it. Wrong codes
/// count towards Identity's lockout of this account (turned on at enrolment). A campus sign-in's session keeps its
/// method and CAS ticket hash, so single logout still ends it.
/// </summary>
public sealed class TwoFactorSignInHandler(
    RegistryDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signInManager, AuthenticatorCodes codes,
    AuditLog audit, IHttpContextAccessor http, ILogger<TwoFactorSignInHandler> logger)
{
    public async Task<TwoFactorOutcome> HandleAsync(string code, CancellationToken ct)
    {
        var context = http.HttpContext!;
        var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var user = pending.Succeeded ? await signInManager.GetTwoFactorAuthenticationUserAsync() : null;
        if (user is null || user.IsDisabled || !user.TwoFactorEnabled)
        {
            return TwoFactorOutcome.NoPendingSignIn;
        }

        if (await users.IsLockedOutAsync(user))
        {
            await audit.WriteNowAsync(AuditActions.TwoFactorFailed, "user", user.Id, "locked out", succeeded: false);
            return TwoFactorOutcome.LockedOut;
        }

        var compact = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        var ok = compact.Length == 6 && compact.All(char.IsAsciiDigit)
            ? await codes.AcceptAsync(user, compact)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, compact)).Succeeded;
        if (!ok)
        {
            await users.AccessFailedAsync(user);
            var locked = await users.IsLockedOutAsync(user);
            await audit.WriteNowAsync(AuditActions.TwoFactorFailed, "user", user.Id, locked ? "locked out" : null, succeeded: false);
            return locked ? TwoFactorOutcome.LockedOut : TwoFactorOutcome.Wrong;
        }

        await users.ResetAccessFailedCountAsync(user);
        var (scheme, ssoSession) = PendingSecondFactor.Read(pending.Principal);
        await context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await SignInAsync(context, user, scheme, ssoSession);
        audit.Add(scheme is null ? AuditActions.SignIn : AuditActions.SsoSignIn, "user", user.Id,
            scheme is null ? "with second factor" : scheme + ", with second factor");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Staff {UserId} signed in with a second factor", user.Id);
        return TwoFactorOutcome.SignedIn;
    }

    /// <summary>What SignInManager's two-factor sign-in does (the "amr" claim), plus a campus session's properties.</summary>
    private async Task SignInAsync(HttpContext context, AppUser user, string? scheme, string? ssoSession)
    {
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim("amr", "mfa"));
        var properties = new AuthenticationProperties();
        if (scheme is not null)
        {
            identity.AddClaim(new Claim(AppClaims.SignedInWith, scheme));
            properties.Items[DatabaseTicketStore.MethodItem] = scheme;
            if (ssoSession is not null)
            {
                properties.Items[DatabaseTicketStore.SsoSessionItem] = ssoSession;
            }
        }

        await context.SignInAsync(IdentityConstants.ApplicationScheme, principal, properties);
    }
}

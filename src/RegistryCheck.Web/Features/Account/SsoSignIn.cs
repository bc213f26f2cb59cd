using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Sessions;
using RegistryCheck.Web.Infrastructure.Sso;

namespace RegistryCheck.Web.Features.Account;

public enum SsoOutcome
{
    SignedIn,
    /// <summary>Security:TwoFactor:AlsoForSso: an enrolled staff member gives the authenticator code next.</summary>
    TwoFactorRequired,
    NoExternalSignIn,
    UnknownUser,
    Disabled,
}

/// <summary>
/// The second half of a campus sign-in (CAS or OpenID Connect): the external cookie holds who the campus says this
/// is; that name maps to a staff account's user name or, when the provider allows students, to a 学号 after the same
/// normalisation as the sign-in form. Nobody is created here. A student signed in this way skips the initial-password
/// step. The session row remembers the method and, for CAS, the ticket, so that single logout can end it.
/// </summary>
public sealed class SsoSignInHandler(
    RegistryDbContext db,
    UserManager<AppUser> users,
    SignInManager<AppUser> signInManager,
    SsoProviders providers,
    AuditLog audit,
    IHttpContextAccessor http,
    Microsoft.Extensions.Options.IOptions<TwoFactorOptions> twoFactor,
    ILogger<SsoSignInHandler> logger)
{
    public const string ProviderItem = "rc:provider";

    public async Task<SsoOutcome> HandleAsync(CancellationToken ct)
    {
        var context = http.HttpContext!;
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Properties?.Items.TryGetValue(ProviderItem, out var scheme) != true
            || scheme is null || providers.Find(scheme) is not { } provider)
        {
            return SsoOutcome.NoExternalSignIn;
        }

        var campusName = external.Principal!.FindFirstValue(providers.UserNameClaimOf(scheme))?.Trim() ?? "";
        var user = await FindAccountAsync(campusName, provider.Students, ct);
        if (user is null || user.IsDisabled)
        {
            // A campus identity, not something typed: kept (bounded) so an administrator can see whom to enable.
            await audit.WriteNowAsync(AuditActions.SsoRefused, "campus-user", campusName, user is null ? $"{scheme}: no account" : $"{scheme}: account disabled", succeeded: false);
            logger.LogInformation("Campus sign-in through {Scheme} refused for account {UserId}", scheme, user?.Id);
            return user is null ? SsoOutcome.UnknownUser : SsoOutcome.Disabled;
        }

        external.Properties.Items.TryGetValue(CasHandler.TicketHashItem, out var ticketHash);
        if (twoFactor.Value.AlsoForSso && !user.IsStudent && user.TwoFactorEnabled)
        {
            // The portal's second factor as well: the campus session is issued after the code (TwoFactorSignIn.cs).
            await context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, PendingSecondFactor.For(user.Id, scheme, ticketHash));
            logger.LogInformation("Campus sign-in of {UserId} through {Scheme} waits for the second factor", user.Id, scheme);
            return SsoOutcome.TwoFactorRequired;
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        var identity = (ClaimsIdentity)principal.Identity!;
        if (user.IsStudent && identity.FindFirst(AppClaims.MustChangePassword) is { } initial)
        {
            // The campus provider checked who this is: no local password is needed, so none is forced.
            identity.RemoveClaim(initial);
        }

        identity.AddClaim(new Claim(AppClaims.SignedInWith, scheme));
        var properties = new AuthenticationProperties();
        properties.Items[DatabaseTicketStore.MethodItem] = scheme;
        if (ticketHash is not null)
        {
            properties.Items[DatabaseTicketStore.SsoSessionItem] = ticketHash;
        }

        await context.SignInAsync(IdentityConstants.ApplicationScheme, principal, properties);
        audit.Add(AuditActions.SsoSignIn, "user", user.Id, scheme);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("User {UserId} signed in through {Scheme}", user.Id, scheme);
        return SsoOutcome.SignedIn;
    }

    private async Task<AppUser?> FindAccountAsync(string campusName, bool students, CancellationToken ct)
    {
        if (campusName.Length is 0 or > 64)
        {
            return null;
        }

        var staffName = users.NormalizeName(campusName);
        var staff = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == staffName && u.StudentId == null, ct);
        if (staff is not null || !students)
        {
            return staff;
        }

        var number = InputNormalizer.Normalize(campusName).ToUpperInvariant();
        return await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == number && u.StudentId != null, ct);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// Students get their role from the account itself rather than a role row each: an import of 50,000
/// students then writes no role rows, and staff roles stay in Identity's tables.
/// </summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager, RoleManager<AppRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.RemoveClaim(identity.FindFirst(Options.ClaimsIdentity.UserNameClaimType));
            identity.AddClaim(new Claim(Options.ClaimsIdentity.UserNameClaimType, user.DisplayName));
        }

        if (user.StudentId is int studentId)
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, Roles.Student));
            identity.AddClaim(new Claim(AppClaims.StudentId, studentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (user.PasswordHash is null || user.MustChangePassword)
            {
                // The initial password, or a counselor's one-time reset code.
                identity.AddClaim(new Claim(AppClaims.MustChangePassword, "1"));
            }
        }
        else if (user.MustChangePassword)
        {
            // A password an administrator typed or generated: the person changes it at this sign-in.
            identity.AddClaim(new Claim(AppClaims.MustChangePassword, "1"));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(AppClaims.TwoFactorEnabled, "1"));
        }

        return identity;
    }
}

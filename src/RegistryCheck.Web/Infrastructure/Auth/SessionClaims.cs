using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// The security-stamp check rebuilds the principal from the database once a minute. What belongs to the session
/// rather than the account — how it was signed in, and the second factor it passed — is carried over, and a student
/// signed in through the campus provider stays free of the initial-password step.
/// </summary>
public static class SessionClaims
{
    private static readonly string[] Carried = [AppClaims.SignedInWith, "amr"];

    public static Task KeepOnRefreshAsync(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is not ClaimsIdentity fresh || context.CurrentPrincipal is null)
        {
            return Task.CompletedTask;
        }

        foreach (var claim in context.CurrentPrincipal.Claims.Where(c => Carried.Contains(c.Type)).ToList())
        {
            if (!fresh.HasClaim(claim.Type, claim.Value))
            {
                fresh.AddClaim(new Claim(claim.Type, claim.Value));
            }
        }

        if (fresh.HasClaim(c => c.Type == AppClaims.SignedInWith) && fresh.HasClaim(c => c.Type == AppClaims.StudentId)
            && fresh.FindFirst(AppClaims.MustChangePassword) is { } initial)
        {
            fresh.RemoveClaim(initial);
        }

        return Task.CompletedTask;
    }
}

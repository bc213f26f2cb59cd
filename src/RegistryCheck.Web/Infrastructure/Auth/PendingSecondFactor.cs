using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// What Identity's two-factor cookie holds between the first step (password, or a campus sign-in with
/// Security:TwoFactor:AlsoForSso) and the code: the account id, and for a campus sign-in its scheme and the CAS
/// ticket's hash, so that the session issued after the code is the campus session single logout can end.
/// </summary>
public static class PendingSecondFactor
{
    private const string MethodClaim = "rc:pending-method";
    private const string SsoSessionClaim = "rc:pending-sso-session";

    public static ClaimsPrincipal For(int userId, string? ssoScheme = null, string? ssoSession = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, userId.ToString(CultureInfo.InvariantCulture)) };
        if (ssoScheme is not null)
        {
            claims.Add(new Claim(MethodClaim, ssoScheme));
        }

        if (ssoSession is not null)
        {
            claims.Add(new Claim(SsoSessionClaim, ssoSession));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, IdentityConstants.TwoFactorUserIdScheme));
    }

    /// <summary>The campus scheme and CAS ticket hash of the pending sign-in; nulls for a password sign-in.</summary>
    public static (string? Scheme, string? SsoSession) Read(ClaimsPrincipal? pending) =>
        (pending?.FindFirstValue(MethodClaim), pending?.FindFirstValue(SsoSessionClaim));
}

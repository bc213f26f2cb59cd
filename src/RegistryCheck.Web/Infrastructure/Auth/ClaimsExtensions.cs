using System.Security.Claims;

namespace RegistryCheck.Web.Infrastructure.Auth;

public static class AppClaims
{
    public const string StudentId = "rc:student";
    /// <summary>Present while a student still signs in with the initial password and must set an own one.</summary>
    public const string MustChangePassword = "rc:must-change-password";
    /// <summary>The campus provider a session was signed in through (cas, oidc); absent for a password sign-in.</summary>
    public const string SignedInWith = "rc:sso";
    /// <summary>Present when the account has an authenticator enrolled (from the account, refreshed with the stamp).</summary>
    public const string TwoFactorEnabled = "rc:2fa";

    public static int GetUserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static int? GetStudentId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(StudentId), out var id) ? id : null;

    public static bool MustChangePasswordNow(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == MustChangePassword);
}

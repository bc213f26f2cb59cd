using System.Security.Claims;

namespace RegistryCheck.Web.Infrastructure.Auth;

public static class AppClaims
{
    public const string StudentId = "rc:student";
    /// <summary>Present while a student still signs in with the initial password and must set an own one.</summary>
    public const string MustChangePassword = "rc:must-change-password";

    public static int GetUserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static int? GetStudentId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(StudentId), out var id) ? id : null;

    public static bool MustChangePasswordNow(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == MustChangePassword);
}

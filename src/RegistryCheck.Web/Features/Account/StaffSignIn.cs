using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

public sealed class StaffSignInForm
{
    [Display(Name = "用户名")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(64, ErrorMessage = "{0}过长")]
    public string? UserName { get; set; }

    [Display(Name = "密码")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(128, ErrorMessage = "{0}过长")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>Staff sign in with user name and password through Identity, behind the same guard as students.</summary>
public sealed class StaffSignInHandler(
    RegistryDbContext db,
    UserManager<AppUser> users,
    SignInManager<AppUser> signInManager,
    IPasswordHasher<AppUser> hasher,
    SignInGuard guard,
    AuditLog audit,
    IHttpContextAccessor http,
    ILogger<StaffSignInHandler> logger)
{
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public async Task<SignInResult> HandleAsync(StaffSignInForm form, CancellationToken ct)
    {
        var name = (form.UserName ?? "").Trim();
        var normalized = users.NormalizeName(name) ?? "";
        var accountKey = SignInGuard.AccountKey("staff", normalized);
        var clientKey = SignInGuard.ClientKey(http.HttpContext?.Connection.RemoteIpAddress?.ToString());

        var verdict = await guard.CheckAsync(accountKey, clientKey, ct);
        if (!verdict.Allowed)
        {
            await audit.WriteNowAsync(AuditActions.SignInLockedOut, "user-name", normalized, succeeded: false);
            return SignInResult.Refused(verdict);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized && u.StudentId == null, ct);
        bool ok;
        if (user is null || user.PasswordHash is null)
        {
            // The same PBKDF2 work as a real account, so the time taken does not tell which user names exist.
            hasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, form.Password ?? "");
            ok = false;
        }
        else
        {
            // Verify first, so a disabled account takes as long as an active one.
            ok = await users.CheckPasswordAsync(user, form.Password ?? "") && !user.IsDisabled;
        }
        if (!ok || user is null)
        {
            var next = await guard.RecordFailureAsync(accountKey, clientKey, ct);
            await audit.WriteNowAsync(AuditActions.SignInFailed, "user-name", normalized, succeeded: false);
            return SignInResult.Failed(next);
        }

        await guard.ResetAsync(accountKey, ct);
        if (user.TwoFactorEnabled)
        {
            // Identity's two-factor cookie holds the account id until the code step (TwoFactorSignIn.cs).
            await http.HttpContext!.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new System.Security.Claims.ClaimsPrincipal(
                new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], IdentityConstants.TwoFactorUserIdScheme)));
            return new SignInResult(SignInOutcome.TwoFactorRequired);
        }

        await signInManager.SignInAsync(user, isPersistent: false);
        audit.Add(AuditActions.SignIn, "user", user.Id);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Staff {UserId} signed in", user.Id);
        return new SignInResult(user.MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.Succeeded);
    }
}

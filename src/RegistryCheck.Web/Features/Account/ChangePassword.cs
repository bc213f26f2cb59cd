using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

public sealed class ChangePasswordForm
{
    /// <summary>Asked for unless the student is still on the initial password (just proven at sign-in).</summary>
    [Display(Name = "当前密码")]
    [StringLength(128, ErrorMessage = "{0}过长")]
    [DataType(DataType.Password)]
    public string? CurrentPassword { get; set; }

    [Display(Name = "新密码")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "{0}长度应为 {2} 到 {1} 个字符")]
    [DataType(DataType.Password)]
    public string? NewPassword { get; set; }

    [Display(Name = "确认新密码")]
    [Required(ErrorMessage = "请输入{0}")]
    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }

    public bool IsInitial { get; set; }
}

/// <summary>
/// Sets an own password. Identity's validators apply (length, not guessable from the record); the security
/// stamp changes, so every other session of this account ends at its next validation. Whether the current password
/// is asked is the session's business, not the account's: only a session that carries the must-change claim (a
/// student who has just proven the initial password or a one-time reset code at sign-in) sets one without proof.
/// </summary>
public sealed class ChangePasswordHandler(
    RegistryDbContext db,
    UserManager<AppUser> users,
    SignInManager<AppUser> signInManager,
    AuditLog audit,
    SignInGuard guard,
    IHttpContextAccessor http,
    TimeProvider time)
{
    /// <summary>The error code of a refusal because of too many wrong current passwords.</summary>
    public const string ThrottledCode = "ChangePasswordThrottled";
    public async Task<IdentityResult> HandleAsync(ClaimsPrincipal principal, ChangePasswordForm form)
    {
        var user = await users.FindByIdAsync(principal.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException("The signed-in account no longer exists.");

        if (!IsProvenBySession(principal) && await ProveThrottledAsync(user, form.CurrentPassword ?? "") is { } refused)
        {
            return refused;
        }

        var result = await SetAsync(user, form.NewPassword!);
        if (!result.Succeeded)
        {
            return result;
        }

        user.PasswordChangedAt = time.GetUtcNow().UtcDateTime;
        user.MustChangePassword = false;
        user.PasswordExpiresAt = null;
        await users.UpdateSecurityStampAsync(user);
        audit.Add(AuditActions.PasswordChanged, "user", user.Id);
        await db.SaveChangesAsync();
        // A fresh cookie for this browser, without the must-change flag and with the new stamp.
        await signInManager.RefreshSignInAsync(user);
        return result;
    }

    /// <summary>The no-proof branch: a student's session still under the must-change rule it was signed in with.</summary>
    public static bool IsProvenBySession(ClaimsPrincipal principal) =>
        principal.MustChangePasswordNow() && principal.GetStudentId() is not null;

    /// <summary>
    /// The current password, behind the sign-in guard (ADR-011) on a key of its own per account and the client's
    /// address: a hijacked session gets <see cref="SignInGuardOptions.MaxFailuresPerAccount"/> guesses per lockout,
    /// like a sign-in form. Null when proven; else the refusal.
    /// </summary>
    private async Task<IdentityResult?> ProveThrottledAsync(AppUser user, string current)
    {
        var key = SignInGuard.AccountKey("password-change", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var clientKey = SignInGuard.ClientKey(http.HttpContext?.Connection.RemoteIpAddress);
        var verdict = await guard.ReserveAsync(key, clientKey, default);
        if (!verdict.Allowed)
        {
            await audit.WriteNowAsync(AuditActions.PasswordChanged, "user", user.Id, "refused: too many wrong current passwords", succeeded: false);
            return Throttled(verdict);
        }

        if (!await ProvenAsync(user, current))
        {
            var next = await guard.AfterFailureAsync(key, clientKey, default);
            await audit.WriteNowAsync(AuditActions.PasswordChanged, "user", user.Id, "refused: wrong current password", succeeded: false);
            return next.Allowed ? IdentityResult.Failed(users.ErrorDescriber.PasswordMismatch()) : Throttled(next);
        }

        await guard.ReleaseAsync(key, clientKey, default);
        return null;
    }

    private static IdentityResult Throttled(GuardVerdict verdict) => IdentityResult.Failed(new IdentityError
    {
        Code = ThrottledCode,
        Description = verdict.RetryAfterUtc?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
    });

    /// <summary>The current password: the own one, or for a student without one the initial rule.</summary>
    private async Task<bool> ProvenAsync(AppUser user, string current)
    {
        if (user.PasswordHash is not null)
        {
            return user.PasswordExpiresAt is null && await users.CheckPasswordAsync(user, current);
        }

        var idNumber = user.StudentId is int id
            ? await db.Students.Where(s => s.Id == id).Select(s => s.IdNumber).FirstOrDefaultAsync()
            : null;
        return idNumber is not null && InitialPassword.Matches(idNumber, current);
    }

    /// <summary>Validates first and only then replaces the hash, so a refused password leaves the old one in place.</summary>
    private async Task<IdentityResult> SetAsync(AppUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            errors.AddRange(check.Errors);
        }

        if (errors.Count > 0)
        {
            return IdentityResult.Failed([.. errors]);
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        return IdentityResult.Success;
    }
}

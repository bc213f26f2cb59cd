using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
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
/// stamp changes, so every other session of this account ends at its next validation.
/// </summary>
public sealed class ChangePasswordHandler(
    RegistryDbContext db,
    UserManager<AppUser> users,
    SignInManager<AppUser> signInManager,
    AuditLog audit,
    TimeProvider time)
{
    public async Task<IdentityResult> HandleAsync(ClaimsPrincipal principal, ChangePasswordForm form)
    {
        var user = await users.FindByIdAsync(principal.GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException("The signed-in account no longer exists.");

        IdentityResult result;
        if (user.PasswordHash is null)
        {
            // Still on the initial password: proven at sign-in a moment ago, so only the new one is asked.
            result = await users.AddPasswordAsync(user, form.NewPassword!);
        }
        else
        {
            result = await users.ChangePasswordAsync(user, form.CurrentPassword ?? "", form.NewPassword!);
        }

        if (!result.Succeeded)
        {
            return result;
        }

        user.PasswordChangedAt = time.GetUtcNow().UtcDateTime;
        user.MustChangePassword = false;
        await users.UpdateSecurityStampAsync(user);
        audit.Add(AuditActions.PasswordChanged, "user", user.Id);
        await db.SaveChangesAsync();
        // A fresh cookie for this browser, without the must-change flag and with the new stamp.
        await signInManager.RefreshSignInAsync(user);
        return result;
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Account;

public sealed class StaffSignInForm : SignInForm
{
    [Display(Name = "用户名")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(64, ErrorMessage = "{0}过长")]
    public string? UserName { get; set; }
}

/// <summary>Staff sign in with user name and password through Identity, behind the same guard as students.</summary>
public sealed class StaffSignInHandler(
    RegistryDbContext db,
    UserManager<AppUser> users,
    IPasswordHasher<AppUser> hasher,
    GuardedSignIn signIn,
    ILogger<StaffSignInHandler> logger)
{
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public async Task<SignInResult> HandleAsync(StaffSignInForm form, CancellationToken ct)
    {
        var normalized = users.NormalizeName((form.UserName ?? "").Trim()) ?? "";
        var (result, user) = await signIn.RunAsync("staff", "user-name", normalized, () => VerifyAsync(normalized, form.Password, ct), ct);
        if (user is not null)
        {
            logger.LogInformation("Staff {UserId} signed in", user.Id);
        }

        return result;
    }

    private async Task<AppUser?> VerifyAsync(string normalized, string? password, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized && u.StudentId == null, ct);
        if (user is null || user.PasswordHash is null)
        {
            // The same PBKDF2 work as a real account, so the time taken does not tell which user names exist.
            hasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password ?? "");
            return null;
        }

        // Verify first, so a disabled account takes as long as an active one.
        return await users.CheckPasswordAsync(user, password ?? "") && !user.IsDisabled ? user : null;
    }
}

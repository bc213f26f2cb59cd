using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// Staff accounts can see and export the records of many students: a staff password set from now on has at least
/// <see cref="MinimumLength"/> characters (students keep Identity's 8). The seeded demo accounts keep theirs: the
/// seeder stores their hashes without validation.
/// </summary>
public sealed class StaffPasswordLengthValidator(IStringLocalizer<SharedResource> l) : IPasswordValidator<AppUser>
{
    public const int MinimumLength = 12;

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(user.StudentId is null && (password?.Length ?? 0) < MinimumLength
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooShort", Description = l["教职工密码至少需要 {0} 个字符", MinimumLength] })
            : IdentityResult.Success);
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// An own password must not be guessable from the record: not the initial password (last six of the ID
/// number), not the ID number, not the student number.
/// </summary>
public sealed class NotInitialPasswordValidator(RegistryDbContext db, IStringLocalizer<SharedResource> l) : IPasswordValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (user.StudentId is not int studentId || string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success;
        }

        var student = await db.Students.AsNoTracking()
            .Where(s => s.Id == studentId)
            .Select(s => new { s.IdNumber, s.StudentNumber })
            .FirstAsync();
        var typed = InputNormalizer.Normalize(password);
        var guessable = InitialPassword.Matches(student.IdNumber, password)
            || typed == student.IdNumber
            || typed == student.StudentNumber
            || (student.IdNumber.Length >= 8 && typed.Contains(student.IdNumber[^8..], StringComparison.Ordinal));
        return guessable
            ? IdentityResult.Failed(new IdentityError { Code = "GuessablePassword", Description = l["新密码不能是初始密码、身份证号或学号，也不能包含身份证号的后八位"] })
            : IdentityResult.Success;
    }
}

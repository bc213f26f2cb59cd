using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

public sealed class StudentSignInForm : SignInForm
{
    [Display(Name = "学号")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(64, ErrorMessage = "{0}过长")]
    public string? StudentNumber { get; set; }
}

/// <summary>
/// Student sign-in: 学号 + the initial password (last six of the ID number, checked against the stored ID
/// number in constant time, nothing hashed), a counselor's one-time reset code until it expires, or the own password
/// once set. An unknown student number follows the
/// initial-password path against a dummy number, so it answers like a real one.
/// </summary>
public sealed class StudentSignInHandler(
    RegistryDbContext db, IPasswordHasher<AppUser> hasher, GuardedSignIn signIn, TimeProvider time, ILogger<StudentSignInHandler> logger)
{
    private const string DummyIdNumber = "110105194912310021";

    public async Task<SignInResult> HandleAsync(StudentSignInForm form, CancellationToken ct)
    {
        // The lockout key is exactly the name the lookup compares: "s26a1" and "S26A1" share one budget.
        var number = SignInGuard.StudentLookupName(form.StudentNumber);
        var (result, user) = await signIn.RunAsync("student", "student-number", number, () => VerifyAsync(number, form.Password, ct), ct);
        if (user is null)
        {
            return result;
        }

        logger.LogInformation("Student {UserId} signed in", user.Id);
        // The initial password and a one-time reset code are both replaced at this sign-in.
        return new SignInResult(user.PasswordHash is null || user.MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.Succeeded);
    }

    private async Task<AppUser?> VerifyAsync(string number, string? password, CancellationToken ct)
    {
        var account = await db.Users
            .Where(u => u.NormalizedUserName == number && u.StudentId != null && !u.IsDisabled)
            .Select(u => new { User = u, u.Student!.IdNumber })
            .FirstOrDefaultAsync(ct);
        if (account is null)
        {
            // The same constant-time comparison as a real account, against a number nobody has.
            InitialPassword.Matches(DummyIdNumber, password);
            logger.LogInformation("Student sign-in failed for user {UserId}", (int?)null);
            return null;
        }

        var ok = account.User.PasswordHash is null
            ? InitialPassword.Matches(account.IdNumber, password)
            : hasher.VerifyHashedPassword(account.User, account.User.PasswordHash, TypedSecret(account.User, password)) != PasswordVerificationResult.Failed
              && !(account.User.PasswordExpiresAt <= time.GetUtcNow().UtcDateTime);
        if (!ok)
        {
            logger.LogInformation("Student sign-in failed for user {UserId}", account.User.Id);
        }

        return ok ? account.User : null;
    }

    /// <summary>A one-time reset code is digits a student types on a phone: full-width digits and spaces are forgiven,
    /// as for the initial password. An own password is compared exactly as typed.</summary>
    private static string TypedSecret(AppUser user, string? password) =>
        user.PasswordExpiresAt is null ? password ?? "" : InputNormalizer.Normalize(password);
}

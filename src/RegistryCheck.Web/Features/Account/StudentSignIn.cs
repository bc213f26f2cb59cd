using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

public sealed class StudentSignInForm
{
    [Display(Name = "学号")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(64, ErrorMessage = "{0}过长")]
    public string? StudentNumber { get; set; }

    [Display(Name = "密码")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(128, ErrorMessage = "{0}过长")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Student sign-in: 学号 + the initial password (last six of the ID number, checked against the stored ID
/// number in constant time, nothing hashed) or the own password once set. An unknown student number follows the
/// initial-password path against a dummy number, so it answers like a real one.
/// </summary>
public sealed class StudentSignInHandler(
    RegistryDbContext db,
    SignInManager<AppUser> signInManager,
    IPasswordHasher<AppUser> hasher,
    SignInGuard guard,
    AuditLog audit,
    IHttpContextAccessor http,
    ILogger<StudentSignInHandler> logger)
{
    private const string DummyIdNumber = "110105194912310021";

    public async Task<SignInResult> HandleAsync(StudentSignInForm form, CancellationToken ct)
    {
        // The lockout key is exactly the name the lookup compares: "s26a1" and "S26A1" share one budget.
        var normalizedName = SignInGuard.StudentLookupName(form.StudentNumber);
        var number = normalizedName;
        var accountKey = SignInGuard.StudentKey(form.StudentNumber);
        var clientKey = SignInGuard.ClientKey(http.HttpContext?.Connection.RemoteIpAddress);

        // The attempt is reserved before anything is verified (SignInGuard): parallel tries cannot pass together.
        var verdict = await guard.ReserveAsync(accountKey, clientKey, ct);
        if (!verdict.Allowed)
        {
            await audit.WriteNowAsync(AuditActions.SignInLockedOut, "student-number", number, succeeded: false);
            return SignInResult.Refused(verdict);
        }

        var account = await db.Users
            .Where(u => u.NormalizedUserName == normalizedName && u.StudentId != null && !u.IsDisabled)
            .Select(u => new { User = u, u.Student!.IdNumber })
            .FirstOrDefaultAsync(ct);

        bool ok;
        if (account is null)
        {
            // The same constant-time comparison as a real account, against a number nobody has.
            InitialPassword.Matches(DummyIdNumber, form.Password);
            ok = false;
        }
        else
        {
            ok = account.User.PasswordHash is null
                ? InitialPassword.Matches(account.IdNumber, form.Password)
                : hasher.VerifyHashedPassword(account.User, account.User.PasswordHash, form.Password ?? "") != PasswordVerificationResult.Failed;
        }

        if (!ok || account is null)
        {
            var next = await guard.AfterFailureAsync(accountKey, clientKey, ct);
            await audit.WriteNowAsync(AuditActions.SignInFailed, "student-number", number, succeeded: false);
            logger.LogInformation("Student sign-in failed for user {UserId}", account?.User.Id);
            return SignInResult.Failed(next);
        }

        await guard.ReleaseAsync(accountKey, clientKey, ct);
        await signInManager.SignInAsync(account.User, isPersistent: false);
        audit.Add(AuditActions.SignIn, "user", account.User.Id);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Student {UserId} signed in", account.User.Id);
        return new SignInResult(account.User.PasswordHash is null ? SignInOutcome.MustChangePassword : SignInOutcome.Succeeded);
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

/// <summary>
/// What both sign-ins do around their own password check: the guard first (a locked account or a client over its
/// limit is refused and counted for the audit, before any password is looked at); the attempt is reserved atomically
/// before the password is verified, a failure keeps its reservation and is counted for the audit (one row per key and
/// period, ADR-019), a success gives both reservations back,
/// signs in and is audited (ADR-003, ADR-011).
/// </summary>
public sealed class GuardedSignIn(
    RegistryDbContext db, SignInManager<AppUser> signInManager, SignInGuard guard, AuditLog audit, SignInRefusals refusals, IHttpContextAccessor http)
{
    /// <param name="kind">"student" or "staff": account names of the two kinds never share a count.</param>
    /// <param name="auditTarget">What the audit row names: "student-number" or "user-name".</param>
    /// <param name="name">The typed account name, normalized.</param>
    /// <param name="verify">The password check: the account when it holds, else null (after the same work).</param>
    public async Task<(SignInResult Result, AppUser? User)> RunAsync(
        string kind, string auditTarget, string name, Func<Task<AppUser?>> verify, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(verify);
        var accountKey = SignInGuard.AccountKey(kind, name);
        var address = http.HttpContext?.Connection.RemoteIpAddress;
        var clientKey = SignInGuard.ClientKey(address);
        // Reserved before anything is verified (SignInGuard): parallel tries cannot pass the check together.
        var verdict = await guard.ReserveAsync(accountKey, clientKey, ct);
        if (!verdict.Allowed)
        {
            // Anonymous refusals are counted, not written one by one (ADR-019).
            refusals.Record(AuditActions.SignInLockedOut, auditTarget, name, address);
            return (SignInResult.Refused(verdict), null);
        }

        var user = await verify();
        if (user is null)
        {
            var next = await guard.AfterFailureAsync(accountKey, clientKey, ct);
            refusals.Record(AuditActions.SignInFailed, auditTarget, name, address);
            return (SignInResult.Failed(next), null);
        }

        await guard.ReleaseAsync(accountKey, clientKey, ct);
        if (user.TwoFactorEnabled && !user.IsStudent)
        {
            // Identity's two-factor cookie holds the account id until the code step (TwoFactorSignIn.cs).
            await http.HttpContext!.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, PendingSecondFactor.For(user.Id));
            return (new SignInResult(SignInOutcome.TwoFactorRequired), null);
        }

        await signInManager.SignInAsync(user, isPersistent: false);
        audit.Add(AuditActions.SignIn, "user", user.Id);
        await db.SaveChangesAsync(ct);
        // A staff password an administrator set is changed now (a student's initial password: StudentSignIn.cs).
        return (new SignInResult(user.MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.Succeeded), user);
    }
}

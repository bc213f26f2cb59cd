using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Account;

public enum SignInOutcome
{
    Succeeded,
    MustChangePassword,
    /// <summary>The password was right; the authenticator code comes next.</summary>
    TwoFactorRequired,
    WrongCredentials,
    LockedOut,
    ClientLimited,
}

public readonly record struct SignInResult(SignInOutcome Outcome, DateTime? RetryAfterUtc = null, int RemainingAttempts = 0)
{
    /// <summary>The answer to an attempt the guard refused: locked account or a client over its limit.</summary>
    public static SignInResult Refused(GuardVerdict verdict) =>
        new(verdict.ClientLimited ? SignInOutcome.ClientLimited : SignInOutcome.LockedOut, verdict.RetryAfterUtc);

    /// <summary>After a failure: a plain "wrong" while attempts remain, else the refusal.</summary>
    public static SignInResult Failed(GuardVerdict next) =>
        next.Allowed ? new(SignInOutcome.WrongCredentials, null, next.RemainingAttempts) : Refused(next);
}

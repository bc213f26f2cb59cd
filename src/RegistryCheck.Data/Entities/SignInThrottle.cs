namespace RegistryCheck.Data.Entities;

/// <summary>
/// Failed sign-ins per key (an account name or a client address). Kept in the database so that lockout and
/// rate limits hold across instances, and keyed by the typed name so an unknown student number is treated
/// exactly like a known one.
/// </summary>
public class SignInThrottle
{
    public required string Key { get; set; }
    public int FailedCount { get; set; }
    public DateTime WindowStartedAt { get; set; }
    public DateTime? LockedUntil { get; set; }
}

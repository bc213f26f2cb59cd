namespace RegistryCheck.Web.Infrastructure.Audit;

/// <summary>Settings of the aggregated sign-in refusals (section <c>Audit</c>, ADR-019).</summary>
public sealed class SignInRefusalOptions
{
    public const string Section = "Audit";

    /// <summary>How long refusals are counted in memory before one row per key is written (default one minute).</summary>
    public TimeSpan RefusalFlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The HMAC key for typed account names that match no account. Set it (the same on every instance) so that one
    /// unknown name gives the same hash across instances and restarts; empty: a random key per process.
    /// </summary>
    public string? NameHashKey { get; set; }

    /// <summary>Distinct keys held between two flushes; beyond it refusals are counted per address only.</summary>
    public int MaxPendingKeys { get; set; } = 10_000;
}

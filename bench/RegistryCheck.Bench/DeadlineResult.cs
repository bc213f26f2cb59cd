namespace RegistryCheck.Bench;

/// <summary>What the deadline-day run measured, and what the database held afterwards.</summary>
public sealed record DeadlineResult(
    int Planned, int Completed, int Clients, int Instances, double Seconds, long SignIns,
    IReadOnlyList<StepFigure> Steps, long Errors, IReadOnlyList<string> ErrorSamples,
    long ConfirmsAnswered, long ConfirmsStored, long ReportsAnswered, long ReportsStored, int EvidenceBytes,
    int Cores, double VerifyMs)
{
    /// <summary>cores ÷ one PBKDF2 verify: each student's set-password step hashes once (a hash costs what a verify does).</summary>
    public double Ceiling => Cores * 1000.0 / VerifyMs;

    public double StudentsPerSecond => Completed / Seconds;

    public bool Ok => Errors == 0 && ConfirmsStored == ConfirmsAnswered && ReportsStored == ReportsAnswered && Completed > 0;
}

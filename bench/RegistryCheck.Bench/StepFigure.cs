namespace RegistryCheck.Bench;

/// <summary>One step of the deadline-day run: how often it was timed, its latencies and how often it went wrong.</summary>
public sealed record StepFigure(string Step, int Count, long Errors, double P50Ms, double P99Ms);

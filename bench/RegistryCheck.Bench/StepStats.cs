using System.Collections.Concurrent;
using System.Diagnostics;

namespace RegistryCheck.Bench;

/// <summary>
/// Latencies and errors per named step, collected from many concurrent clients. A step is an error when its check
/// returns false (an unexpected status or redirect) or it throws (no answer, a timeout, no form on the page).
/// </summary>
public sealed class StepStats
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _times = new();
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentQueue<string> _samples = new();

    /// <summary>The steps in the order they were first timed.</summary>
    private readonly ConcurrentQueue<string> _order = new();

    public long TotalErrors => _errors.Values.Sum();

    /// <summary>The first few errors (step and what happened), for the console and the report.</summary>
    public IReadOnlyList<string> ErrorSamples => _samples.Take(10).ToList();

    public async Task<bool> TimeAsync(string step, Func<Task<string?>> op)
    {
        if (_times.TryAdd(step, new ConcurrentQueue<double>()))
        {
            _order.Enqueue(step);
        }

        var started = Stopwatch.GetTimestamp();
        string? problem;
        try
        {
            // null: as expected; otherwise what was wrong (status, redirect).
            problem = await op();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
        {
            problem = e.GetType().Name + ": " + e.Message;
        }

        _times[step].Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (problem is null)
        {
            return true;
        }

        _errors.AddOrUpdate(step, 1, (_, n) => n + 1);
        if (_samples.Count < 10)
        {
            _samples.Enqueue($"{step}: {problem}");
        }

        return false;
    }

    public List<StepFigure> Figures() => _order.Select(step =>
    {
        var sorted = _times[step].Order().ToArray();
        return new StepFigure(step, sorted.Length, _errors.GetValueOrDefault(step),
            Load.Percentile(sorted, 0.50), Load.Percentile(sorted, 0.99));
    }).ToList();
}

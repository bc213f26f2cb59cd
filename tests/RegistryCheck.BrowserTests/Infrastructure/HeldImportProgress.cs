using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.BrowserTests.Infrastructure;

/// <summary>
/// The import worker's production progress step, which a journey can hold: the worker then waits at its next report
/// of the given status until the test has seen the progress bar. So the bar is on screen because the test holds the
/// job, not because this machine happens to be slow enough.
/// </summary>
public sealed class HeldImportProgress : ImportProgress
{
    private readonly object _gate = new();
    private ImportStatus? _held;
    private TaskCompletionSource _release = Released();

    public void HoldNext(ImportStatus status)
    {
        lock (_gate)
        {
            _held = status;
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _held = null;
            _release.TrySetResult();
        }
    }

    public override void Set(int jobId, ImportStatus status, int processed, int total)
    {
        Task? wait = null;
        lock (_gate)
        {
            if (_held == status)
            {
                _held = null;
                wait = _release.Task;
            }
        }

        // Bounded: a journey that fails before releasing must not stop the worker for good.
        wait?.Wait(TimeSpan.FromSeconds(60));
        base.Set(jobId, status, processed, total);
    }

    private static TaskCompletionSource Released()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

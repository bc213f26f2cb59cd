namespace RegistryCheck.Web.Infrastructure.Audit;

/// <summary>Flushes <see cref="SignInRefusals"/> every <see cref="SignInRefusalOptions.RefusalFlushInterval"/> and once more when the host stops.</summary>
public sealed class SignInRefusalWriter(SignInRefusals refusals, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(refusals.FlushInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await refusals.FlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What was counted since the last period is not lost on a normal stop.
        await refusals.FlushAsync(CancellationToken.None);
    }
}

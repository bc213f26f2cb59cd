using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// Sends the outbox in the background of every instance. Rows a crashed process had claimed come back when their
/// lease runs out, so nothing written is lost by a restart (docs/notifications.md).
/// </summary>
public sealed class OutboxWorker(OutboxProcessor processor, OutboxSignal signal, IOptionsMonitor<NotificationOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                if (options.CurrentValue.Outbox.Enabled)
                {
                    claimed = await processor.RunOnceAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox round failed");
            }

            if (claimed == 0)
            {
                try
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(Math.Max(0.05, options.CurrentValue.Outbox.PollSeconds)), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Features.Corrections;

/// <summary>Runs the evidence purge on every instance at EvidencePurgeInterval; the handler makes parallel runs harmless.</summary>
public sealed class EvidencePurgeJob(IServiceScopeFactory scopes, TimeProvider time, IOptions<EvidenceRetentionOptions> options,
    ILogger<EvidencePurgeJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvidencePurgeInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PurgeEvidenceHandler>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a failed campaign's transaction rolled back whole.
                logger.LogError(e, "Evidence purge failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

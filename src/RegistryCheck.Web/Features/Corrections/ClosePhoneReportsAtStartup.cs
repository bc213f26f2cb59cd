namespace RegistryCheck.Web.Features.Corrections;

/// <summary>Runs <see cref="ClosePhoneReportsHandler"/> once at start-up, after the database initializer.</summary>
public sealed class ClosePhoneReportsAtStartup(IServiceProvider services, ILogger<ClosePhoneReportsAtStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ClosePhoneReportsHandler>().HandleAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An unreachable database is reported by the initializer and /healthz; the next start tries again.
            logger.LogError(ex, "Closing the open phone reports failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

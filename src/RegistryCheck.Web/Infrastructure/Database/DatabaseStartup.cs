using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Seeding;
using RegistryCheck.Web.Infrastructure.Setup;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// Applies migrations, ensures the roles and seeds the demo university as the host starts, before the server
/// takes its first request (a hosted service: it finishes before Kestrel listens, also under the test host).
/// </summary>
public sealed class DatabaseInitializer(IServiceProvider services, IHostEnvironment environment, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();

        try
        {
            if (options.ShouldMigrate)
            {
                logger.LogInformation("Applying migrations for {Provider}", options.Provider);
                await db.Database.MigrateAsync(cancellationToken);
                await RoleBootstrap.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<AppRole>>());
            }

            if (options.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets students read while another request writes; the setting persists in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Do not hang or crash-loop: the portal starts, logs clearly, and /healthz reports the database.
            logger.LogCritical(ex, "The database ({Provider}) is unreachable or could not be migrated; the portal starts but cannot serve data until it is reachable", options.Provider);
            return;
        }

        if (options.ShouldSeedDemoData && !environment.IsProduction())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }

        await StartupAdministrator.BootstrapAdministratorAsync(services);
        if (options.ReusesSqliteConnections)
        {
            // Migrations changed the schema and toggled per-connection settings on the connections they ran on.
            services.GetRequiredService<SqliteOpenConnections>().Clear();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

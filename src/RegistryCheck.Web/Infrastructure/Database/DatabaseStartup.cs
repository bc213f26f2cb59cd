using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>Applies migrations and seeds the demo university before the app takes requests.</summary>
public static class DatabaseStartup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RegistryCheck.Database");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();

        try
        {
            if (options.ShouldMigrate)
            {
                logger.LogInformation("Applying migrations for {Provider}", options.Provider);
                await db.Database.MigrateAsync();
            }

            if (options.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets students read while another request writes; the setting persists in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
            }

            if (options.ShouldMigrate)
            {
                await RoleBootstrap.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<AppRole>>());
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Do not hang or crash-loop: the portal starts, logs clearly, and /healthz reports the database.
            logger.LogCritical(ex, "The database ({Provider}) is unreachable or could not be migrated; the portal starts but cannot serve data until it is reachable", options.Provider);
            return;
        }

        if (options.SeedDemoData && options.Provider == DatabaseProvider.Sqlite && !app.Environment.IsProduction())
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync();
        }
    }
}

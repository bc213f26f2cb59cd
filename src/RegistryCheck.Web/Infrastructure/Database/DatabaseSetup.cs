using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Infrastructure.Database;

public static class DatabaseSetup
{
    public const string SqliteMigrations = "RegistryCheck.Migrations.Sqlite";
    public const string SqlServerMigrations = "RegistryCheck.Migrations.SqlServer";

    public static IServiceCollection AddRegistryDatabase(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment env)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var connectionString = ResolveConnectionString(options, configuration, env.ContentRootPath);

        services.AddDbContext<RegistryDbContext>(db =>
        {
            switch (options.Provider)
            {
                case DatabaseProvider.SqlServer:
                    // No retrying execution strategy: imports and corrections use their own transactions.
                    db.UseSqlServer(connectionString, x => x.MigrationsAssembly(SqlServerMigrations));
                    break;
                default:
                    db.UseSqlite(connectionString, x => x.MigrationsAssembly(SqliteMigrations));
                    db.AddInterceptors(new SqliteConnectionPragmas());
                    break;
            }
        });
        return services;
    }

    public static string ResolveConnectionString(DatabaseOptions options, IConfiguration configuration, string contentRoot)
    {
        var configured = options.ConnectionString ?? configuration.GetConnectionString("Registry");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"Database:Provider is {options.Provider} but no connection string is set (Database:ConnectionString or ConnectionStrings:Registry).");
        }

        var folder = Path.GetFullPath(Path.Combine(contentRoot, options.DataFolder));
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "registrycheck.db"),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}

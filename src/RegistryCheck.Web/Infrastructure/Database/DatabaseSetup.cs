using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>The provider and connection string, resolved once.</summary>
public sealed record ResolvedDatabase(DatabaseOptions Options, string ConnectionString);

public static class DatabaseSetup
{
    public const string SqliteMigrations = "RegistryCheck.Migrations.Sqlite";
    public const string SqlServerMigrations = "RegistryCheck.Migrations.SqlServer";
    public const string PostgreSqlMigrations = "RegistryCheck.Migrations.PostgreSql";

    /// <summary>
    /// Reads the "Database" section when the container is built, not while Program runs, so that settings
    /// added later (environment, tests) are the ones that count.
    /// </summary>
    public static IServiceCollection AddRegistryDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
            var cs = ResolveConnectionString(options, sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
            return new ResolvedDatabase(options, cs);
        });
        services.AddSingleton(sp => sp.GetRequiredService<ResolvedDatabase>().Options);

        services.AddSingleton(sp => new SqliteOpenConnections(
            sp.GetRequiredService<ResolvedDatabase>().ConnectionString, sp.GetRequiredService<DatabaseOptions>().SqliteKeptConnections));
        services.AddSingleton(sp => new SqliteStatementReuse(sp.GetRequiredService<DatabaseOptions>().SqliteStatementsPerConnection));
        services.AddScoped<SqliteConnectionLease>();

        // Pooled: every request needs a context, and a pooled one skips building it and its internal services.
        services.AddPooledDbContextFactory<RegistryDbContext>((sp, db) =>
        {
            var database = sp.GetRequiredService<ResolvedDatabase>();
            switch (database.Options.Provider)
            {
                case DatabaseProvider.SqlServer:
                    // No retrying execution strategy: imports and corrections use their own transactions.
                    db.UseSqlServer(database.ConnectionString, x => x.MigrationsAssembly(SqlServerMigrations));
                    break;
                case DatabaseProvider.PostgreSql:
                    db.UseNpgsql(database.ConnectionString, x => x.MigrationsAssembly(PostgreSqlMigrations));
                    break;
                default:
                    db.UseSqlite(database.ConnectionString, x => x.MigrationsAssembly(SqliteMigrations));
                    db.AddInterceptors(database.Options.SqliteReuseStatements ? sp.GetRequiredService<SqliteStatementReuse>() : PragmasInterceptor);
                    break;
            }
        });

        // The scope's context, from the pool; on SQLite with statement reuse it runs on the scope's kept-open connection.
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContext();
            if (sp.GetRequiredService<DatabaseOptions>() is { Provider: DatabaseProvider.Sqlite, SqliteReuseStatements: true })
            {
                db.Database.SetDbConnection(sp.GetRequiredService<SqliteConnectionLease>().Connection, contextOwnsConnection: false);
            }

            return db;
        });
        return services;
    }

    private static readonly SqliteConnectionPragmas PragmasInterceptor = new();

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

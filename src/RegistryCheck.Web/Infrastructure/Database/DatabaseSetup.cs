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
                    db.UseNpgsql(WithAutoPrepare(database.ConnectionString), x => x.MigrationsAssembly(PostgreSqlMigrations));
                    break;
                default:
                    db.UseSqlite(database.ConnectionString, x => x.MigrationsAssembly(SqliteMigrations));
                    db.AddInterceptors(database.Options.ReusesSqliteConnections ? sp.GetRequiredService<SqliteStatementReuse>() : PragmasInterceptor);
                    break;
            }
        });

        // The scope's context, from the pool; on SQLite with statement reuse it runs on the scope's kept-open connection.
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContext();
            if (sp.GetRequiredService<DatabaseOptions>().ReusesSqliteConnections)
            {
                db.Database.SetDbConnection(sp.GetRequiredService<SqliteConnectionLease>().Connection, contextOwnsConnection: false);
            }

            return db;
        });
        return services;
    }

    private static readonly SqliteConnectionPragmas PragmasInterceptor = new();

    /// <summary>
    /// PostgreSQL: Npgsql prepares a statement on the server once it has run twice on a physical connection, for up
    /// to 32 statements per connection, unless the connection string says otherwise (<c>Max Auto Prepare=0</c> turns
    /// it off, e.g. behind a PgBouncer older than 1.21 in transaction mode). The record page went from 46 % to 53 % of
    /// its floor with it (docs/performance.md, ADR-031).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 }.ConnectionString;
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

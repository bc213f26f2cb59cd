namespace RegistryCheck.Web.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>The "Database" configuration section.</summary>
public class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty on SQLite means a file under the app's data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply migrations at start-up. On by default for the embedded database.</summary>
    public bool? MigrateOnStartup { get; set; }

    /// <summary>Seed the demo university on first run (never in Production).</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>The folder for the SQLite file and logs; relative paths are under the content root.</summary>
    public string DataFolder { get; set; } = "App_Data";

    public bool ShouldMigrate => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
}

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

    /// <summary>
    /// Seed the demo university on first run; never in Production. Unset means: on the embedded SQLite database
    /// only. A server database gets demo data only when this is set to true explicitly (tests, a training copy).
    /// </summary>
    public bool? SeedDemoData { get; set; }

    public bool ShouldSeedDemoData => SeedDemoData ?? Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// With the demo data: also the 专升本 class and campaign (学信网 check open) and students at every state of both
    /// checks, so a first look shows a campaign in progress. The test hosts turn it off: their tests arrange their own
    /// states on a demo where every student is still to check.
    /// </summary>
    public bool SeedDemoProgress { get; set; } = true;

    /// <summary>The folder for the SQLite file and logs; relative paths are under the content root.</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>
    /// SQLite: keep connections open and their prepared statements with them, so a query is compiled once per
    /// connection rather than once per run (ADR-031). Off is the plain EF path, for comparison and as a way out.
    /// </summary>
    public bool SqliteReuseStatements { get; set; } = true;

    /// <summary>True when the scopes' contexts run on kept-open SQLite connections (ADR-031).</summary>
    public bool ReusesSqliteConnections => Provider == DatabaseProvider.Sqlite && SqliteReuseStatements;

    /// <summary>SQLite: how many idle open connections are kept for the next scope; beyond that one is closed.</summary>
    public int SqliteKeptConnections { get; set; } = 32;

    /// <summary>SQLite: how many prepared statements each open connection keeps (least recently used dropped).</summary>
    public int SqliteStatementsPerConnection { get; set; } = 64;

    public bool ShouldMigrate => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
}

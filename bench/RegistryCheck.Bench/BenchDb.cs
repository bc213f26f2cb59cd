using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RegistryCheck.Bench;

/// <summary>
/// The database of one bench run: a fresh SQLite file in the run's folder (the default), or with --db postgres a fresh
/// PostgreSQL database on the local cluster, created for the run and dropped at its end (BENCH_KEEP=1 keeps it).
/// It also holds the few SQL pieces the two dialects write differently, so the generators stay one text.
/// </summary>
public sealed class BenchDb : IDisposable
{
    // The role test.sh creates (CREATEDB); BENCH_POSTGRES overrides host, port and credentials.
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=registrycheck_test;Password=registrycheck-test";

    private int _dropped;

    private BenchDb(bool postgres, string connectionString, string description)
    {
        IsPostgres = postgres;
        ConnectionString = connectionString;
        Description = description;
    }

    public bool IsPostgres { get; }

    /// <summary>What the portal gets as Database:ConnectionString (PostgreSQL) — SQLite is given its data folder instead.</summary>
    public string ConnectionString { get; }

    /// <summary>For the report's machine line.</summary>
    public string Description { get; }

    public static BenchDb Sqlite(string folder) => new(false,
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "registrycheck.db"), Pooling = false }.ToString(),
        "SQLite (Microsoft.Data.Sqlite / e_sqlite3, WAL) on local disk");

    /// <summary>Creates registrycheck_bench_&lt;guid&gt; on the local cluster; the portal migrates it at its start.</summary>
    public static BenchDb CreatePostgres()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("BENCH_POSTGRES") ?? DefaultPostgres);
        var name = "registrycheck_bench_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ToString()))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            create.ExecuteNonQuery();
        }

        // The cluster's max_connections (100 by default, shared with anything else on it) must hold both instances'
        // pools: Npgsql's default pool of 100 per instance ran the server out of slots under the 200-client load run
        // (53300); 30 each, and a request waits up to 30 s for a pooled connection rather than failing.
        var db = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, MaxPoolSize = 30, Timeout = 30 };
        string version;
        using (var c = new NpgsqlConnection(db.ToString()))
        {
            c.Open();
            version = c.PostgreSqlVersion.ToString();
        }

        return new BenchDb(true, db.ToString(), $"PostgreSQL {version} (Npgsql, local cluster over loopback TCP), database {name}");
    }

    public DbConnection Open()
    {
        if (IsPostgres)
        {
            var pg = new NpgsqlConnection(ConnectionString);
            pg.Open();
            return pg;
        }

        var c = new SqliteConnection(ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 30000;";
        cmd.ExecuteNonQuery();
        return c;
    }

    /// <summary>Drops the PostgreSQL database of the run unless BENCH_KEEP=1 (the portal processes have stopped by then).</summary>
    public void Dispose()
    {
        if (!IsPostgres || Environment.GetEnvironmentVariable("BENCH_KEEP") == "1" || Interlocked.Exchange(ref _dropped, 1) == 1)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ToString());
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }

    /// <summary>A CTE <c>name(column)</c> of the integers from..to (inclusive), to follow WITH.</summary>
    public string Series(string name, string column, string from, string to) => IsPostgres
        ? $"{name}({column}) AS (SELECT generate_series({from}, {to}))"
        : $"RECURSIVE {name}({column}) AS (SELECT {from} UNION ALL SELECT {column} + 1 FROM {name} WHERE {column} < {to})";

    /// <summary>An integer expression as text, left-padded with zeros to <paramref name="width"/> digits.</summary>
    public string Pad(string expression, int width) => IsPostgres
        ? $"lpad(({expression})::text, {width}, '0')"
        : $"printf('%0{width}d', {expression})";

    /// <summary>32 random hex digits (security and concurrency stamps).</summary>
    public string RandomHex => IsPostgres ? "replace(gen_random_uuid()::text, '-', '')" : "lower(hex(randomblob(16)))";

    /// <summary>INSERT that skips rows a unique index already holds.</summary>
    public string InsertIgnore(string table, string columns, string select) => IsPostgres
        ? $"INSERT INTO \"{table}\" ({columns}) {select} ON CONFLICT DO NOTHING"
        : $"INSERT OR IGNORE INTO \"{table}\" ({columns}) {select}";

    /// <summary>The columns of a table in their order (PRAGMA table_info / information_schema).</summary>
    public string ColumnsSql(string table) => IsPostgres
        ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
        : $"SELECT name FROM pragma_table_info('{table}')";
}

using System.Data;
using Microsoft.Data.Sqlite;
using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.UnitTests.Database;

/// <summary>
/// The kept-open SQLite connections and their prepared commands (ADR-031), on a real database file: a command is
/// prepared once per connection, answers with the parameters of each run, and a connection comes back to be reused
/// only when it holds no transaction and no running query.
/// </summary>
public sealed class SqliteStatementReuseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rc-sqlite-reuse-").FullName;

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "t.db"), Pooling = true }.ToString();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static ReusedSqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new ReusedSqliteCommand(connection, SqliteStatementCache.Of(connection, 8)) { CommandText = sql };
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_query_run_again_on_its_connection_reuses_the_prepared_command_with_the_new_parameters()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 4);
        var (connection, _) = pool.Rent();
        var cache = SqliteStatementCache.Of(connection, 8);

        var first = cache.Rent("SELECT @x + 1");
        cache.Return(first);
        var again = cache.Rent("SELECT @x + 1");
        cache.Return(again);
        long one, two;
        using (var command = Command(connection, "SELECT @x + 1", ("@x", 1)))
        {
            one = (long)command.ExecuteScalar()!;
        }

        using (var command = Command(connection, "SELECT @x + 1", ("@x", 41)))
        {
            two = (long)command.ExecuteScalar()!;
        }

        Assert.Same(first, again);
        Assert.Equal(1, cache.Count);
        Assert.Equal(2, one);
        Assert.Equal(42, two);
        Assert.Equal(0, cache.Lent);
        pool.Return(connection, 0);
    }

    [Fact]
    public void Two_readers_of_the_same_query_at_once_each_read_their_own_rows()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 4);
        var (connection, generation) = pool.Rent();
        Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');");
        const string sql = "SELECT v FROM t WHERE id >= @from ORDER BY id";

        using var outer = Command(connection, sql, ("@from", 1));
        using var outerReader = outer.ExecuteReader();
        var seen = new List<string>();
        while (outerReader.Read())
        {
            using var inner = Command(connection, sql, ("@from", 3));
            seen.Add(outerReader.GetString(0) + (string)inner.ExecuteScalar()!);
        }

        Assert.Equal(["ac", "bc", "cc"], seen);
        outerReader.Dispose();
        outer.Dispose();
        Assert.Equal(0, SqliteStatementCache.Of(connection, 8).Lent);
        pool.Return(connection, generation);
    }

    [Fact]
    public void The_cache_keeps_at_most_its_capacity_and_drops_the_least_recently_used_first()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 4);
        var (connection, generation) = pool.Rent();
        var cache = new SqliteStatementCache(connection, 2);

        var a = cache.Rent("SELECT 1");
        cache.Return(a);
        var b = cache.Rent("SELECT 2");
        cache.Return(b);
        cache.Return(cache.Rent("SELECT 1"));
        cache.Return(cache.Rent("SELECT 3"));

        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.Rent("SELECT 1"));
        Assert.NotSame(b, cache.Rent("SELECT 2"));
        pool.Return(connection, generation);
    }

    [Fact]
    public void An_idle_connection_comes_back_and_is_handed_out_again_with_the_portals_pragmas()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 4);
        var (first, generation) = pool.Rent();
        pool.Return(first, generation);
        var (second, _) = pool.Rent();

        using var command = second.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Same(first, second);
        Assert.Equal(1, pool.Opened);
        Assert.Equal(10000L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public void A_connection_given_back_inside_a_transaction_or_while_a_query_reads_is_disposed_not_kept()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 4);
        var (setup, g0) = pool.Rent();
        Execute(setup, "CREATE TABLE t (id INTEGER PRIMARY KEY);");
        pool.Return(setup, g0);

        var (inTransaction, g1) = pool.Rent();
        inTransaction.BeginTransaction();
        Execute(inTransaction, "INSERT INTO t VALUES (1);");
        pool.Return(inTransaction, g1);

        var (reading, g2) = pool.Rent();
        var query = Command(reading, "SELECT id FROM t");
        var reader = query.ExecuteReader();
        pool.Return(reading, g2);

        var (next, _) = pool.Rent();
        using var count = next.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(ConnectionState.Closed, inTransaction.State);
        Assert.Equal(ConnectionState.Closed, reading.State);
        Assert.NotSame(inTransaction, next);
        Assert.NotSame(reading, next);
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
        GC.KeepAlive(reader);
    }

    [Fact]
    public void Clear_drops_the_kept_connections_and_those_lent_before_it_when_they_come_back()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 4);
        var (kept, g0) = pool.Rent();
        var (lent, g1) = pool.Rent();
        pool.Return(kept, g0);

        pool.Clear();
        pool.Return(lent, g1);
        var (fresh, _) = pool.Rent();

        Assert.Equal(ConnectionState.Closed, kept.State);
        Assert.Equal(ConnectionState.Closed, lent.State);
        Assert.Equal(ConnectionState.Open, fresh.State);
        Assert.Equal(3, pool.Opened);
    }

    [Fact]
    public void No_more_than_the_configured_number_of_idle_connections_is_kept()
    {
        using var pool = new SqliteOpenConnections(ConnectionString, 2);
        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        foreach (var (connection, generation) in rented)
        {
            pool.Return(connection, generation);
        }

        Assert.Equal(2, rented.Count(r => r.Connection.State == ConnectionState.Open));
    }
}

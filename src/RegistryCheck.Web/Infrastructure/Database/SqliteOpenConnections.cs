using System.Collections.Concurrent;
using System.Data;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// SQLite connections that stay open from one request to the next, so that the statements prepared on them
/// (<see cref="SqliteStatementCache"/>) are prepared once per connection instead of once per query (ADR-031).
/// </summary>
/// <remarks>
/// Closing a Microsoft.Data.Sqlite connection finalises every statement prepared on it, and EF closes a connection
/// it owns after every query and again when a pooled context is returned; opening one also registers EF's SQL
/// functions anew, which makes SQLite expire every prepared statement of the file handle. So EF is handed an open
/// connection it does not own (<see cref="SqliteConnectionLease"/>), and it never opens or closes it. A connection is
/// taken back only when it is idle — outside any transaction, with no query still reading — so a kept connection
/// holds no lock and no old snapshot; anything else is disposed. At most <c>maxKept</c> idle connections are kept.
/// </remarks>
public sealed class SqliteOpenConnections(string connectionString, int maxKept) : IDisposable
{
    private readonly ConcurrentBag<(SqliteConnection Connection, int Generation)> _idle = [];
    private int _generation;
    private int _idleCount;
    private int _opened;
    private bool _disposed;

    /// <summary>Connections opened since start-up (for the tests: reuse means this stays small).</summary>
    public int Opened => Volatile.Read(ref _opened);

    public (SqliteConnection Connection, int Generation) Rent()
    {
        while (_idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
            if (kept.Generation == Volatile.Read(ref _generation) && kept.Connection.State == ConnectionState.Open)
            {
                return kept;
            }

            kept.Connection.Dispose();
        }

        return (Open(), Volatile.Read(ref _generation));
    }

    public void Return(SqliteConnection connection, int generation)
    {
        if (_disposed || generation != Volatile.Read(ref _generation) || !IsIdle(connection))
        {
            connection.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > maxKept)
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }

        _idle.Add((connection, generation));
    }

    /// <summary>
    /// Drops every kept connection, and those now lent once they come back: after start-up's migrations, which
    /// change the schema and per-connection settings, no connection they ran on serves a request.
    /// </summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        DisposeIdle();
    }

    /// <summary>Open, in autocommit mode (no transaction) and with none of its cached commands still lent to a query.</summary>
    public static bool IsIdle(SqliteConnection connection) =>
        connection is { State: ConnectionState.Open, Handle: { } handle }
        && raw.sqlite3_get_autocommit(handle) != 0
        && !SqliteStatementCache.HasLent(connection);

    public void Dispose()
    {
        _disposed = true;
        DisposeIdle();
    }

    private void DisposeIdle()
    {
        while (_idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
            kept.Connection.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        RegisterEfFunctions(connection);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = SqliteConnectionPragmas.Pragmas;
            command.ExecuteNonQuery();
        }

        Interlocked.Increment(ref _opened);
        return connection;
    }

    /// <summary>
    /// The functions EF Core's SQLite provider registers on every connection it creates (SqliteRelationalConnection):
    /// its SQL for Regex.IsMatch and for decimal arithmetic and comparison calls them. EF does not register them on
    /// a connection it is handed, so this does, once, before the connection opens.
    /// </summary>
    private static void RegisterEfFunctions(SqliteConnection connection)
    {
        connection.CreateFunction<string, string, bool?>("regexp",
            (pattern, input) => input is null || pattern is null ? null : Regex.IsMatch(input, pattern), isDeterministic: true);
        connection.CreateFunction("ef_mod", (decimal? dividend, decimal? divisor) => dividend % divisor, isDeterministic: true);
        connection.CreateFunction("ef_add", (decimal? left, decimal? right) => left + right, isDeterministic: true);
        connection.CreateFunction("ef_divide", (decimal? dividend, decimal? divisor) => dividend / divisor, isDeterministic: true);
        connection.CreateFunction("ef_compare", (decimal? left, decimal? right) =>
            left.HasValue && right.HasValue ? decimal.Compare(left.Value, right.Value) : default(int?), isDeterministic: true);
        connection.CreateFunction("ef_multiply", (decimal? left, decimal? right) => left * right, isDeterministic: true);
        connection.CreateFunction("ef_negate", (decimal? m) => -m, isDeterministic: true);
    }
}

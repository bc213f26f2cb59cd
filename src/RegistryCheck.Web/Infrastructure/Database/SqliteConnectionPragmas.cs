using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// Every SQLite connection waits for a busy writer instead of failing at once: under a deadline rush many
/// students confirm at the same moment. WAL mode itself is persistent and set once at start-up.
/// </summary>
/// <remarks>
/// The pragmas belong to the physical connection, which the pool hands out again and again; EF opens a pooled
/// connection for every query, so they are sent once per physical connection (keyed by its native handle), not on
/// every open — on the record page that was one extra statement per query.
/// </remarks>
public sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    internal const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>True the first time a physical connection is seen (a handle is never reused for another one).</summary>
    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Configured);
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// Every SQLite connection waits for a busy writer instead of failing at once: under a deadline rush many
/// students confirm at the same moment. WAL mode itself is persistent and set once at start-up.
/// </summary>
public sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

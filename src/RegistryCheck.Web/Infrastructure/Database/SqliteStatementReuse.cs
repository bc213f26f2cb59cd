using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>Hands EF a <see cref="ReusedSqliteCommand"/> instead of a new SqliteCommand for every query (ADR-031).</summary>
public sealed class SqliteStatementReuse(int statementsPerConnection) : DbCommandInterceptor
{
    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        eventData.Connection is SqliteConnection connection
            ? InterceptionResult<DbCommand>.SuppressWithResult(
                new ReusedSqliteCommand(connection, SqliteStatementCache.Of(connection, statementsPerConnection)))
            : result;
}

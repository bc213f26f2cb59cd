using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// The command EF is given on SQLite: it collects the text and parameters EF sets, and runs them on the connection's
/// prepared command for that text (<see cref="SqliteStatementCache"/>), which it borrows from execution until EF
/// disposes it. The parameters live on a command that never runs (so the collection is SQLite's own) and are moved
/// to the borrowed command each time it runs.
/// </summary>
public sealed class ReusedSqliteCommand(SqliteConnection connection, SqliteStatementCache cache) : DbCommand
{
    private readonly SqliteCommand _parameters = new();
    private SqliteCommand? _borrowed;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    /// <summary>SQLite runs text only (Microsoft.Data.Sqlite refuses the other kinds).</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException("SQLite runs SQL text only.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (!ReferenceEquals(value, connection))
            {
                throw new NotSupportedException("A reused SQLite command stays on the connection it was made for.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => _borrowed?.Cancel();

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Borrow().ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Borrow().ExecuteReaderAsync(behavior, cancellationToken);

    public override int ExecuteNonQuery() => Borrow().ExecuteNonQuery();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Borrow().ExecuteNonQueryAsync(cancellationToken);

    public override object? ExecuteScalar() => Borrow().ExecuteScalar();

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Borrow().ExecuteScalarAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GiveBack();
            _parameters.Dispose();
        }

        base.Dispose(disposing);
    }

    private SqliteCommand Borrow()
    {
        if (_borrowed is not null && !string.Equals(_borrowed.CommandText, CommandText, StringComparison.Ordinal))
        {
            GiveBack();
        }

        _borrowed ??= cache.Rent(CommandText);
        _borrowed.Transaction = (SqliteTransaction?)DbTransaction;
        _borrowed.CommandTimeout = CommandTimeout;
        _borrowed.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters.Parameters)
        {
            _borrowed.Parameters.Add(parameter);
        }

        return _borrowed;
    }

    private void GiveBack()
    {
        if (_borrowed is not null)
        {
            cache.Return(_borrowed);
            _borrowed = null;
        }
    }
}

using Microsoft.Data.Sqlite;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// One scope's open SQLite connection from <see cref="SqliteOpenConnections"/>, taken when the scope's context is
/// made and given back when the scope ends — after the context, which the scope made later and so disposes first
/// (rolling back a transaction left open, so the connection comes back idle).
/// </summary>
public sealed class SqliteConnectionLease(SqliteOpenConnections connections) : IDisposable
{
    private (SqliteConnection Connection, int Generation)? _rented;

    public SqliteConnection Connection => (_rented ??= connections.Rent()).Connection;

    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            connections.Return(rented.Connection, rented.Generation);
        }
    }
}

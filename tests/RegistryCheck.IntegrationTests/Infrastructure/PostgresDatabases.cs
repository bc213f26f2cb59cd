using Npgsql;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>One throwaway PostgreSQL database per portal under test, named after its data folder.</summary>
public static class PostgresDatabases
{
    public static string NameFor(string folder) => "rc_test_" + Path.GetFileName(folder).ToLowerInvariant();

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PortalFactory.PostgresServer) { Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;

    public static bool Exists(string database) =>
        Scalar($"SELECT 1 FROM pg_database WHERE datname = '{database}'") is not null;

    public static void Create(string database) => Execute($"CREATE DATABASE \"{database}\"");

    public static void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (attempt < 10 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                // An autovacuum worker in the database: FORCE may end it only with pg_signal_backend (test.sh grants
                // it), and without that the worker is gone within seconds anyway.
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PortalFactory.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PortalFactory.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}

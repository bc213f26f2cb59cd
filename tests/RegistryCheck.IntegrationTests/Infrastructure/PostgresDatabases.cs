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
        Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
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

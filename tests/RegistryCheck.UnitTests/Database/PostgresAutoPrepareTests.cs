using Npgsql;
using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.UnitTests.Database;

/// <summary>The PostgreSQL connection string gets Npgsql's automatic preparation unless the operator chose otherwise.</summary>
public sealed class PostgresAutoPrepareTests
{
    [Fact]
    public void A_connection_string_without_the_setting_gets_automatic_preparation_and_keeps_everything_else()
    {
        var result = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db.example.edu;Database=registry;Username=app;Password=s3cret;Maximum Pool Size=50"));

        Assert.Equal(32, result.MaxAutoPrepare);
        Assert.Equal(2, result.AutoPrepareMinUsages);
        Assert.Equal("db.example.edu", result.Host);
        Assert.Equal("registry", result.Database);
        Assert.Equal("s3cret", result.Password);
        Assert.Equal(50, result.MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=db;Database=registry;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=registry;maxautoprepare=5", 5)]
    public void An_operators_own_choice_is_kept_including_off(string connectionString, int expected)
    {
        var result = DatabaseSetup.WithAutoPrepare(connectionString);

        Assert.Equal(connectionString, result);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(result).MaxAutoPrepare);
    }
}

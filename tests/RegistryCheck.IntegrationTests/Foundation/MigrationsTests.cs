using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.IntegrationTests.Foundation;

public class MigrationsTests
{
    private static RegistryDbContext Context(Action<DbContextOptionsBuilder> provider)
    {
        var builder = new DbContextOptionsBuilder<RegistryDbContext>();
        provider(builder);
        return new RegistryDbContext(builder.Options);
    }

    public static TheoryData<string> Providers => new() { "Sqlite", "SqlServer", "PostgreSql" };

    private static RegistryDbContext For(string provider) => provider switch
    {
        "Sqlite" => Context(b => b.UseSqlite("Data Source=:memory:", x => x.MigrationsAssembly(DatabaseSetup.SqliteMigrations))),
        "PostgreSql" => Context(b => b.UseNpgsql("Host=unused;Database=unused", x => x.MigrationsAssembly(DatabaseSetup.PostgreSqlMigrations))),
        _ => Context(b => b.UseSqlServer("Server=unused;Database=unused;TrustServerCertificate=True", x => x.MigrationsAssembly(DatabaseSetup.SqlServerMigrations))),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_that_a_migration_does_not_cover(string provider)
    {
        using var db = For(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model differs from the {provider} migrations: add a migration with the dotnet-ef local tool (see docs/operations.md).");
    }

    [Fact]
    public void The_SQL_Server_idempotent_script_is_produced_and_creates_every_table()
    {
        using var db = For("SqlServer");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        foreach (var table in new[] { "[Students]", "[AdmissionPhotos]", "[Campaigns]", "[StudentChecks]", "[CorrectionReports]", "[ReportEvidence]", "[ReportHistory]", "[CollegeBatches]", "[AuditLog]", "[AspNetUsers]", "[DataProtectionKeys]" })
        {
            Assert.Contains("CREATE TABLE " + table, script);
        }

        var output = Path.Combine(AppContext.BaseDirectory, "artifacts", "sqlserver-idempotent.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, script);
    }

    [Fact]
    public async Task Migrations_apply_to_an_empty_SQLite_database()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rc-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = Context(b => b.UseSqlite($"Data Source={file}", x => x.MigrationsAssembly(DatabaseSetup.SqliteMigrations))))
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(0, await db.Students.CountAsync());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Issue 16: the portal no longer needs an owner's login. deploy/postgresql-roles.sql and postgresql-grants.sql make
/// a migration role and an app role; the portal migrates as the one and works as the other, and the app role can
/// neither change nor delete audit rows nor run DDL (docs/security.md T35, ADR-021). PostgreSQL only.
/// </summary>
public sealed class DatabaseRoleTests
{
    private const string MigratorPassword = "rc-migrator-test";
    private const string AppPassword = "rc-app-test";

    /// <summary>A portal on the given database as the given login.</summary>
    private sealed class RolePortal(string folder, string connectionString, bool migrate) : PortalFactory(folder)
    {
        protected override IDictionary<string, string?> ProviderSettings() => new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = connectionString,
            ["Database:MigrateOnStartup"] = migrate ? "true" : "false",
        };
    }

    [SkippableFact]
    public async Task The_portal_migrates_as_the_migration_role_works_as_the_app_role_which_cannot_alter_or_delete_audit_rows()
    {
        Skip.If(string.IsNullOrEmpty(PortalFactory.PostgresServer), "REGISTRYCHECK_TEST_POSTGRES is not set: the roles are PostgreSQL's");
        var folder = Path.Combine(Path.GetTempPath(), "registrycheck-tests", Guid.NewGuid().ToString("N"));
        var database = PostgresDatabases.NameFor(folder);
        PostgresDatabases.Create(database);
        try
        {
            await RunScriptAsync(PostgresDatabases.ConnectionString(database), "postgresql-roles.sql",
                $"ALTER ROLE registrycheck_migrator PASSWORD '{MigratorPassword}'; ALTER ROLE registrycheck_app PASSWORD '{AppPassword}';");
            var asMigrator = As(database, "registrycheck_migrator", MigratorPassword);
            var asApp = As(database, "registrycheck_app", AppPassword);

            using (var migrator = new RolePortal(folder, asMigrator, migrate: true))
            using (var client = migrator.CreateClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            }

            await RunScriptAsync(asMigrator, "postgresql-grants.sql");

            using (var app = new RolePortal(folder, asApp, migrate: false))
            {
                var (student, client) = await TestStudents.SignedInAsync(app);
                using var _ = client;
                var token = await client.TokenFromAsync("/me");
                using var confirmed = await client.Http.PostAsync("/me/confirm", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
                Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
                using var wrong = app.NewClient();
                await wrong.SignInStudentAsync(student.StudentNumber, "000000");
                await app.Services.GetRequiredService<SignInRefusals>().FlushAsync(CancellationToken.None);
                Assert.True(await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.TargetId == student.StudentNumber && a.Action == AuditActions.SignInFailed)));
                Assert.True(await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.RecordConfirmed)));
            }

            await AssertRefusedAsync(asApp, "UPDATE \"AuditLog\" SET \"Details\" = 'rewritten'");
            await AssertRefusedAsync(asApp, "DELETE FROM \"AuditLog\"");
            await AssertRefusedAsync(asApp, "TRUNCATE \"AuditLog\"");
            await AssertRefusedAsync(asApp, "CREATE TABLE \"Smuggled\" (\"Id\" int)");
            await AssertRefusedAsync(asApp, "ALTER TABLE \"Students\" ADD COLUMN \"Smuggled\" int");
            await AssertRefusedAsync(asApp, "DROP TABLE \"AuditLog\"");
        }
        finally
        {
            PostgresDatabases.Drop(database);
        }
    }

    private static string As(string database, string user, string password) =>
        new NpgsqlConnectionStringBuilder(PostgresDatabases.ConnectionString(database)) { Username = user, Password = password, Pooling = false }.ConnectionString;

    private static async Task RunScriptAsync(string connectionString, string script, string? after = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(ScriptPath(script)) + "\n" + after, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task AssertRefusedAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
    }

    private static string ScriptPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("deploy/" + name + " not found above " + AppContext.BaseDirectory);
    }
}

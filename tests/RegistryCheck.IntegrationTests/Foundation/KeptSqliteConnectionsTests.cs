using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.IntegrationTests.Foundation;

/// <summary>
/// SQLite's kept-open connections and prepared statements (ADR-031) as the portal uses them: requests share a few
/// connections, each request still sees what another connection has just written, a transaction left open by a
/// failed request does not travel to the next one, and EF's SQL functions are there.
/// </summary>
public sealed class KeptSqliteConnectionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _factory = factory;

    private static void SkipOnPostgres() =>
        Skip.If(!string.IsNullOrEmpty(PortalFactory.PostgresServer), "SQLite's connections: the suite runs on PostgreSQL.");

    [SkippableFact]
    public async Task Thirty_record_page_views_share_a_few_connections_and_each_shows_what_another_connection_just_wrote()
    {
        SkipOnPostgres();
        var student = await TestStudents.AddAsync(_factory);
        using var client = _factory.NewClient();
        await client.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);
        var connections = _factory.Services.GetRequiredService<SqliteOpenConnections>();
        var connectionString = _factory.Services.GetRequiredService<ResolvedDatabase>().ConnectionString;
        var openedBefore = connections.Opened;

        for (var i = 0; i < 30; i++)
        {
            var phone = $"1390000{i:D4}";
            await using (var other = new SqliteConnection(connectionString))
            {
                await other.OpenAsync();
                await using var update = other.CreateCommand();
                update.CommandText = "UPDATE \"Students\" SET \"Phone\" = $phone WHERE \"Id\" = $id";
                update.Parameters.AddWithValue("$phone", phone);
                update.Parameters.AddWithValue("$id", student.Id);
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }

            var page = await client.Http.GetAsync("/me");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(phone, await page.Content.ReadAsStringAsync());
        }

        // Sequential requests need one connection at a time; other tests of the class may run meanwhile.
        Assert.True(connections.Opened - openedBefore <= 4, $"{connections.Opened - openedBefore} connections opened for 30 views");
    }

    [SkippableFact]
    public async Task A_transaction_a_scope_leaves_open_is_rolled_back_and_the_next_scope_can_write()
    {
        SkipOnPostgres();
        var student = await TestStudents.AddAsync(_factory);

        await _factory.WithDbAsync(async db =>
        {
            await db.Database.BeginTransactionAsync();
            await db.Students.Where(s => s.Id == student.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Phone, "13800000000"));
        });
        var afterAbandoned = await _factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Phone).SingleAsync());
        await _factory.WithDbAsync(db =>
            db.Students.Where(s => s.Id == student.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Phone, "13811111111")));
        var afterWrite = await _factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Phone).SingleAsync());

        Assert.NotEqual("13800000000", afterAbandoned);
        Assert.Equal("13811111111", afterWrite);
    }

    [SkippableFact]
    public async Task EFs_SQL_functions_are_there_on_a_kept_connection()
    {
        SkipOnPostgres();
        var student = await TestStudents.AddAsync(_factory);

        var matches = await _factory.WithDbAsync(db =>
            db.Students.CountAsync(s => s.Id == student.Id && Regex.IsMatch(s.StudentNumber, "^[0-9A-Za-z]+$")));

        Assert.Equal(1, matches);
    }

    private sealed class ReuseOffPortal : PortalFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["Database:SqliteReuseStatements"] = "false" };
    }

    [SkippableFact]
    public async Task With_the_reuse_off_the_portal_runs_on_EFs_own_connections_and_the_record_page_still_works()
    {
        SkipOnPostgres();
        using var plain = new ReuseOffPortal();
        var student = await TestStudents.AddAsync(plain);
        using var client = plain.NewClient();
        await client.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);

        var page = await client.Http.GetAsync("/me");
        var ownsConnection = await plain.WithDbAsync(db => Task.FromResult(db.Database.GetDbConnection() is SqliteConnection { State: System.Data.ConnectionState.Closed }));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(student.StudentNumber, await page.Content.ReadAsStringAsync());
        Assert.True(ownsConnection, "with the reuse off, the context's connection is EF's own, closed between queries");
        Assert.Equal(0, plain.Services.GetRequiredService<SqliteOpenConnections>().Opened);
    }
}

using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Issue 16: every refused anonymous sign-in wrote an audit row. Now they are counted and written once a period, one
/// row per kind, name and address group, and a typed name that matches no account is kept only as a keyed hash
/// (ADR-019, docs/security.md T33). A portal per test.
/// </summary>
public sealed class SignInAuditVolumeTests : IDisposable
{
    private const string Ipv6Network = "2001:db8:1:2::/64";

    private readonly ForwardedClientsFactory _factory = new();

    private SignInRefusals Refusals => _factory.Services.GetRequiredService<SignInRefusals>();

    [Fact]
    public async Task Forty_refused_sign_ins_from_one_ipv6_64_become_at_most_two_rows_that_count_forty_and_the_audit_page_shows_the_count()
    {
        var student = await TestStudents.AddAsync(_factory);
        using var client = _factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");

        // Every try from its own address inside one /64: a subscriber picking a new address per try.
        var statuses = await Task.WhenAll(Enumerable.Range(1, 40).Select(i =>
            PostStudentAsync(client, token, student.StudentNumber, $"Wrong{i:00}", $"2001:db8:1:2:{i:x}::9")));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // Nothing written per try: the rows come from the background writer's flush.
        Assert.Equal(0, await _factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.TargetId == student.StudentNumber)));
        await Refusals.FlushAsync(CancellationToken.None);

        var rows = await _factory.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.TargetId == student.StudentNumber).ToListAsync());
        Assert.InRange(rows.Count, 1, 2);
        Assert.Equal(40, rows.Sum(r => r.Count));
        Assert.All(rows, r => Assert.Equal(Ipv6Network, r.IpAddress));
        Assert.All(rows, r => Assert.False(r.Succeeded));
        Assert.InRange(rows.Single(r => r.Action == AuditActions.SignInFailed).Count, 1, 5);
        var locked = rows.Single(r => r.Action == AuditActions.SignInLockedOut);
        Assert.Equal(40 - rows.Single(r => r.Action == AuditActions.SignInFailed).Count, locked.Count);
        Assert.NotNull(locked.LastAt);

        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var (_, page) = await admin.GetPageAsync($"/admin/audit?Action={AuditActions.SignInLockedOut}&TargetId={student.StudentNumber}");
        var row = page.QuerySelector("tr[data-action='sign-in-locked-out']")!;
        Assert.Contains($"共 {locked.Count} 次，最后一次", row.TextContent);
        Assert.Contains(Ipv6Network, row.TextContent);
    }

    [Fact]
    public async Task Two_hundred_parallel_refusals_while_the_writer_flushes_are_all_counted_in_a_bounded_number_of_rows()
    {
        var student = await TestStudents.AddAsync(_factory);
        using var client = _factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        using var stop = new CancellationTokenSource();
        var flushes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Refusals.FlushAsync(CancellationToken.None);
                flushes++;
                await Task.Delay(20);
            }
        });

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i =>
            PostStudentAsync(client, token, student.StudentNumber, $"Guess{i:000}", $"2001:db8:1:2::{i:x}")));
        await stop.CancelAsync();
        await writer;
        await Refusals.FlushAsync(CancellationToken.None);

        var rows = await _factory.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.TargetId == student.StudentNumber).ToListAsync());
        Assert.Equal(200, rows.Sum(r => r.Count));
        // At most one row per action and flush: never one per try.
        Assert.InRange(rows.Count, 2, 2 * (flushes + 1));
    }

    [Fact]
    public async Task A_typed_user_name_that_matches_no_account_never_reaches_the_database_in_clear()
    {
        // A password typed into the user-name box.
        const string typed = "Zq-Blue-River-2026";
        for (var i = 0; i < 3; i++)
        {
            using var client = _factory.NewClient();
            await client.SignInStaffAsync(typed, "whatever-it-was");
        }

        using (var known = _factory.NewClient())
        {
            await known.SignInStaffAsync(DemoAccounts.Counselor, "not-the-password");
        }

        await Refusals.FlushAsync(CancellationToken.None);

        var hashed = Refusals.KeyedHash("user-name", typed.ToUpperInvariant());
        var row = await _factory.WithDbAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.TargetId == hashed));
        Assert.Equal(3, row.Count);
        Assert.Equal(AuditActions.SignInFailed, row.Action);
        // A real account's name is shown as it is: the administrator needs to know which account was tried.
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.TargetId == DemoAccounts.Counselor.ToUpperInvariant() && a.Action == AuditActions.SignInFailed)));

        var texts = await _factory.WithDbAsync(async db =>
        {
            var audit = await db.AuditLog.AsNoTracking().Select(a => (a.TargetId ?? "") + (a.Details ?? "") + (a.ActorName ?? "")).ToListAsync();
            var throttles = await db.SignInThrottles.AsNoTracking().Select(t => t.Key).ToListAsync();
            return audit.Concat(throttles).ToList();
        });
        Assert.DoesNotContain(texts, t => t.Contains(typed, StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrEmpty(PortalFactory.PostgresServer))
        {
            // Every byte of the SQLite file and its write-ahead log, in either letter case.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(_factory.DataFolder, "*.db*"))
            {
                var bytes = Encoding.UTF8.GetString(await ReadSharedAsync(file));
                Assert.DoesNotContain(typed, bytes, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<HttpStatusCode> PostStudentAsync(PortalClient client, string token, string number, string password, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(
                [new("StudentNumber", number), new("Password", password), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose() => _factory.Dispose();
}

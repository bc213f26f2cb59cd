using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Import;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Scale;

/// <summary>
/// Two instances of the portal on different ports of 127.0.0.1 sharing one database (PostgreSQL when the suite runs
/// on it — as CI does — otherwise one SQLite file): sessions, lockout and import progress must not live in one
/// process's memory.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "registrycheck-tests", "two-" + Guid.NewGuid().ToString("N"));
    private SharedFolderFactory _a = null!;
    private SharedFolderFactory _b = null!;
    private string _urlA = "";
    private string _urlB = "";
    private readonly CookieContainer _cookies = new();
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        (_a, _urlA) = Start();
        (_b, _urlB) = Start();
        // One cookie jar for both ports, as a browser behind a load balancer would have for one host name.
        _browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false });
        await Task.CompletedTask;
    }

    private (SharedFolderFactory, string) Start()
    {
        // Development: plain http on 127.0.0.1, so cookies without the Secure flag (as a TLS-terminating proxy would forward).
        var factory = new SharedFolderFactory(_folder, "Development");
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (factory, address.TrimEnd('/'));
    }

    private async Task<string> TokenAsync(string url)
    {
        var html = await _browser.GetStringAsync(url);
        return new HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private async Task<HttpResponseMessage> PostAsync(string baseUrl, string path, string tokenPage, params (string, string)[] fields)
    {
        var token = await TokenAsync(baseUrl + tokenPage);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__RequestVerificationToken", token));
        return await _browser.PostAsync(baseUrl + path, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task A_student_signs_in_on_one_instance_and_continues_on_the_other()
    {
        var student = await TestStudents.AddAsync(_a);
        var signIn = await PostAsync(_urlA, "/account/sign-in", "/account/sign-in", ("StudentNumber", student.StudentNumber), ("Password", student.InitialPassword));
        Assert.Equal("/account/password", signIn.Headers.Location?.OriginalString);

        // The password form comes from B, the change is posted to B, the record is read on A.
        var change = await PostAsync(_urlB, "/account/password", "/account/password", ("NewPassword", "Two-Hosts-2026"), ("ConfirmPassword", "Two-Hosts-2026"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var record = await _browser.GetAsync(_urlA + "/me");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains(student.StudentNumber, await record.Content.ReadAsStringAsync());
        var confirm = await PostAsync(_urlB, "/me/confirm", "/me");
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.NotNull(await _a.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.ConfirmedAt))));
    }

    [Fact]
    public async Task Sign_out_on_one_instance_ends_the_session_on_the_other()
    {
        var signIn = await PostAsync(_urlA, "/account/staff-sign-in", "/account/staff-sign-in", ("UserName", DemoAccounts.Counselor), ("Password", DemoAccounts.CounselorPassword));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = _cookies.GetCookies(new Uri(_urlA))["rc.auth"]!.Value;

        // A copy of the cookie (a second tab, or a stolen one) works on B while the session lives...
        Assert.Equal(HttpStatusCode.OK, (await WithOnlyCookieAsync(_urlB + "/staff", cookie)).StatusCode);

        var signOut = await PostAsync(_urlA, "/account/sign-out", "/staff");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        // ...and not after sign-out on A: B finds no session row for it.
        var after = await WithOnlyCookieAsync(_urlB + "/staff", cookie);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.OriginalString);
        var counselorId = await _a.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Users.Where(u => u.UserName == DemoAccounts.Counselor).Select(u => u.Id)));
        Assert.Equal(0, await _a.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.UserSessions.Where(x => x.UserId == counselorId))));
    }

    private static async Task<HttpResponseMessage> WithOnlyCookieAsync(string url, string authCookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", "rc.auth=" + authCookie);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Lockout_counts_failures_on_both_instances()
    {
        var student = await TestStudents.AddAsync(_a);
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(_urlA, "/account/sign-in", "/account/sign-in", ("StudentNumber", student.StudentNumber), ("Password", $"00000{i}"));
        }

        for (var i = 3; i < 5; i++)
        {
            await PostAsync(_urlB, "/account/sign-in", "/account/sign-in", ("StudentNumber", student.StudentNumber), ("Password", $"00000{i}"));
        }

        foreach (var url in new[] { _urlA, _urlB })
        {
            var right = await PostAsync(url, "/account/sign-in", "/account/sign-in", ("StudentNumber", student.StudentNumber), ("Password", student.InitialPassword));
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Contains("已暂时锁定", await right.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_import_started_on_one_instance_is_visible_with_its_progress_on_the_other()
    {
        var signIn = await PostAsync(_urlA, "/account/staff-sign-in", "/account/staff-sign-in", ("UserName", DemoAccounts.Registrar), ("Password", DemoAccounts.RegistrarPassword));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var rows = Enumerable.Range(0, 300).Select(_ => ImportKit.Row()).ToList();
        var token = await TokenAsync(_urlA + "/import");
        var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(ImportKit.Utf8(ImportKit.Csv(rows))), "file", "roster.csv" },
            { new StringContent("true"), "createUnknown" },
        };
        var uploaded = await _browser.PostAsync(_urlA + "/import/roster", upload);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var jobId = int.Parse(uploaded.Headers.Location!.OriginalString.Split('/').Last(s => s.Length > 0), System.Globalization.CultureInfo.InvariantCulture);

        // Instance B answers for a job it never ran: everything it shows comes from the shared database.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement progress;
        do
        {
            var response = await _browser.GetAsync($"{_urlB}/import/{jobId}/progress");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            progress = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (progress.GetProperty("finished").GetBoolean() || progress.GetProperty("status").GetString() == "Previewed")
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("Previewed", progress.GetProperty("status").GetString());
        Assert.Equal(300, progress.GetProperty("total").GetInt32());
        var page = await _browser.GetStringAsync($"{_urlB}/import/{jobId}");
        Assert.Contains("roster.csv", page);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!string.IsNullOrEmpty(PortalFactory.PostgresServer))
        {
            PostgresDatabases.Drop(PostgresDatabases.NameFor(_folder));
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }
}

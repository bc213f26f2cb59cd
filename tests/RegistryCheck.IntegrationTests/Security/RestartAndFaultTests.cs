using System.Net;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

public class RestartAndFaultTests
{
    [Fact]
    public async Task A_sign_in_cookie_survives_a_restart_and_works_on_a_second_instance()
    {
        var folder = Path.Combine(Path.GetTempPath(), "registrycheck-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string cookie;
            using (var first = new SharedFolderFactory(folder))
            {
                var student = await TestStudents.AddAsync(first);
                using (var setup = first.NewClient())
                {
                    await setup.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);
                }

                using var client = first.NewClient();
                var signIn = await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");
                cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rc.auth=", StringComparison.Ordinal)).Split(';')[0];
            }

            // A new process over the same database: keys come from the database, so the cookie still decrypts.
            using var second = new SharedFolderFactory(folder);
            using var raw = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost"),
            });
            var request = new HttpRequestMessage(HttpMethod.Get, "/me");
            request.Headers.Add("Cookie", cookie);
            var response = await raw.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class ProductionFactory : PortalFactory
    {
        protected override string EnvironmentName => "Production";
    }

    [Fact]
    public async Task Production_sends_HSTS_and_redirects_http_to_https_and_seeds_no_demo_data()
    {
        using var factory = new ProductionFactory();
        // HSTS is never sent to localhost, so the browser's host is a real-looking name.
        using var https = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://registry.example.edu.cn"),
        });
        var page = await https.GetAsync("/account/sign-in");
        Assert.Contains("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single());

        using var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost"),
        });
        var redirect = await http.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.StartsWith("https://", redirect.Headers.Location!.OriginalString);
        Assert.Equal(0, await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Students)));
    }

    private sealed class UnreachableDatabaseFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            ["Database:ConnectionString"] = "Server=tcp:127.0.0.1,1;Database=RegistryCheck;User Id=x;Password=y;Connect Timeout=3;TrustServerCertificate=True",
            ["Database:MigrateOnStartup"] = "true",
        };
    }

    [Fact]
    public async Task With_the_database_unreachable_the_portal_starts_and_healthz_reports_it()
    {
        using var factory = new UnreachableDatabaseFactory();
        using var client = factory.NewClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var health = await client.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "Start-up and the health check must not hang.");
        var text = await LogFiles.WaitForAsync(factory.DataFolder, "unreachable");
        Assert.True(text.Contains("unreachable", StringComparison.Ordinal), text);
    }
}

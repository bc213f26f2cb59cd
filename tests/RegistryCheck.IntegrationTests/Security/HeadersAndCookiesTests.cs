using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

public class HeadersAndCookiesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Every_page_carries_the_security_headers_and_a_CSP_without_inline_script()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/account/sign-in");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotContain(" style=\"", html);
        Assert.DoesNotContain(" onclick=", html);
    }

    [Fact]
    public async Task The_sign_in_and_antiforgery_cookies_are_HttpOnly_SameSite_and_Secure_outside_Development()
    {
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        var page = await client.Http.GetAsync("/account/sign-in");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rc.af=", StringComparison.Ordinal));
        var signIn = await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        var auth = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rc.auth=", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, auth })
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_database()
    {
        using var client = factory.NewClient();
        await client.Http.GetAsync("/account/sign-in");
        Assert.True(await factory.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
    }

    [SkippableFact]
    public async Task SQLite_runs_in_WAL_mode()
    {
        Skip.If(!string.IsNullOrEmpty(PortalFactory.PostgresServer), "A SQLite setting: the suite runs on PostgreSQL.");

        var mode = await factory.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            return (string)(await command.ExecuteScalarAsync())!;
        });
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Changing_the_own_password_ends_the_other_sessions_of_the_account()
    {
        var student = await TestStudents.AddAsync(factory);
        using var first = factory.NewClient();
        await first.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword, "First-Pass-2026");
        using var second = factory.NewClient();
        await second.SignInStudentAsync(student.StudentNumber, "First-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/me")).StatusCode);

        var changed = await first.PostFormAsync("/account/password",
            [new("CurrentPassword", "First-Pass-2026"), new("NewPassword", "Second-Pass-2026"), new("ConfirmPassword", "Second-Pass-2026")], "/account/password");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var stale = await second.Http.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("/account/sign-in", stale.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/me")).StatusCode);
    }
}

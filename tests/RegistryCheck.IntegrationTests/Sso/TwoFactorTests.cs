using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Admin;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Setup;

namespace RegistryCheck.IntegrationTests.Sso;

/// <summary>RFC 6238 (TOTP, HMAC-SHA1, 30 s, 6 digits) computed here, independently of Identity.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}

/// <summary>Production's defaults, with nothing configured: registrars and administrators must enrol.</summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    protected override string EnvironmentName => "Production";
}

/// <summary>Production seeds no demo data: the accounts are made here, with passwords of the 12-character rule.</summary>
public sealed class TwoFactorTests : IAsyncLifetime
{
    private readonly ProductionPortalFactory _factory = new();

    private static class DemoAccounts
    {
        public const string Registrar = "reg2fa";
        public const string RegistrarPassword = "Registrar-2fa-2026";
        public const string Admin = "adm2fa";
        public const string AdminPassword = "Admin-2fa-Pass-2026";
        public const string Counselor = "couns2fa";
        public const string CounselorPassword = "Counselor-2fa-2026";
    }

    public async Task InitializeAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RegistryCheck.Data.Entities.AppUser>>();
        foreach (var (name, password, role) in new[]
        {
            (DemoAccounts.Registrar, DemoAccounts.RegistrarPassword, RegistryCheck.Data.Entities.Roles.Registrar),
            (DemoAccounts.Admin, DemoAccounts.AdminPassword, RegistryCheck.Data.Entities.Roles.Administrator),
            (DemoAccounts.Counselor, DemoAccounts.CounselorPassword, RegistryCheck.Data.Entities.Roles.Counselor),
        })
        {
            var user = new RegistryCheck.Data.Entities.AppUser { UserName = name, DisplayName = name, CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
    }

    private async Task<string> EnrolAsync(PortalClient client)
    {
        var (_, page) = await client.GetPageAsync("/account/two-factor");
        Assert.NotNull(page.QuerySelector("#two-factor-qr[src^='data:image/png;base64,']"));
        var key = page.QuerySelector("#two-factor-key")!.TextContent;
        var wrong = await client.PostFormAsync("/account/two-factor", [new("Code", "000000")], "/account/two-factor");
        Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync());

        var right = await client.PostFormAsync("/account/two-factor", [new("Code", Totp.Code(key, DateTimeOffset.UtcNow))], "/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var codes = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await right.Content.ReadAsStringAsync()).QuerySelectorAll(".recovery-codes code");
        Assert.Equal(10, codes.Length);
        _recovery = codes.Select(c => c.TextContent).ToList();
        return key;
    }

    private List<string> _recovery = [];

    private async Task<HttpResponseMessage> VerifyAsync(PortalClient client, string code) =>
        await client.PostFormAsync("/account/two-factor/verify", [new("Code", code), new("ReturnUrl", "/")], "/account/staff-sign-in");

    [Fact]
    public async Task In_production_a_registrar_must_enrol_before_any_other_page_and_a_counselor_need_not()
    {
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var import = await registrar.Http.GetAsync("/import");
        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.Equal("/account/two-factor", import.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await registrar.GetPageAsync("/help")).Response.StatusCode);

        using var counselor = await AdminTestData.StaffAsync(_factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        Assert.Equal(HttpStatusCode.OK, (await counselor.GetPageAsync("/tracking")).Response.StatusCode);

        await EnrolAsync(registrar);
        Assert.Equal(HttpStatusCode.OK, (await registrar.GetPageAsync("/import")).Response.StatusCode);
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "two-factor-enabled")));
    }

    [Fact]
    public async Task After_enrolment_sign_in_needs_the_code_a_wrong_one_is_refused_and_a_recovery_code_works_once()
    {
        using (var first = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword))
        {
            await EnrolAsync(first);
        }

        using var client = _factory.NewClient();
        var password = await client.SignInStaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        Assert.StartsWith("/account/two-factor/verify", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // The password alone signs nobody in.
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/staff")).StatusCode);
        Assert.Contains("验证码不正确", await (await VerifyAsync(client, "123456")).Content.ReadAsStringAsync());

        var recovery = _recovery[0];
        var withRecovery = await VerifyAsync(client, recovery);
        Assert.Equal(HttpStatusCode.Redirect, withRecovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/staff")).Response.StatusCode);

        using var again = _factory.NewClient();
        await again.SignInStaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        Assert.Contains("验证码不正确", await (await VerifyAsync(again, recovery)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await again.Http.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task A_code_from_the_authenticator_completes_the_sign_in()
    {
        string key;
        using (var first = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword))
        {
            key = await EnrolAsync(first);
        }

        // The enrolment used this time step's code; the next step's is a fresh one (Identity refuses none within its window).
        using var client = _factory.NewClient();
        await client.SignInStaffAsync(DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var ok = await VerifyAsync(client, Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/admin/staff")).Response.StatusCode);
    }

    [Fact]
    public async Task The_administrators_reset_turns_it_off_and_the_registrar_enrols_again()
    {
        using (var first = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword))
        {
            await EnrolAsync(first);
        }

        using var admin = _factory.NewClient();
        await admin.SignInStaffAsync(DemoAccounts.Admin, DemoAccounts.AdminPassword);
        await EnrolAsync(admin);
        var registrarId = await _factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Registrar).Select(u => u.Id).SingleAsync());
        var reset = await admin.PostFormAsync($"/admin/staff/{registrarId}/reset-two-factor", [], $"/admin/staff/{registrarId}");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        using var registrar = _factory.NewClient();
        var signIn = await registrar.SignInStaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/account/two-factor", (await registrar.Http.GetAsync("/import")).Headers.Location!.OriginalString);
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "two-factor-reset" && a.TargetId == registrarId.ToString())));
    }

    [Fact]
    public async Task Create_admin_on_the_server_resets_the_only_administrators_second_factor()
    {
        using (var first = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword))
        {
            await EnrolAsync(first);
        }

        var exit = await CreateAdminCommand.RunAsync(_factory.Services, DemoAccounts.Admin, () => "Lost-Phone-Admin-2026", TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, exit);

        using var client = _factory.NewClient();
        var signIn = await client.SignInStaffAsync(DemoAccounts.Admin, "Lost-Phone-Admin-2026");
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        Assert.False(await _factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Admin).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Sso;

/// <summary>Staff passwords from now on: at least 12 characters; one set by an administrator is changed at the next sign-in.</summary>
public sealed class StaffPasswordRuleTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task The_demo_accounts_keep_their_shorter_passwords()
    {
        // Admin@2026 has 10 characters: seeded before the rule, it still signs in.
        var signIn = await _factory.NewClient().SignInStaffAsync(DemoAccounts.Admin, DemoAccounts.AdminPassword);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_administrator_cannot_give_a_staff_account_a_password_shorter_than_12()
    {
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var response = await admin.PostAsync("/admin/staff/new", "/admin/staff/new",
            ("UserName", "shortpw"), ("DisplayName", "短密码"), ("Password", "Short-2026"), ("Roles", "Registrar"));

        Assert.Contains("至少需要 12 个字符", await response.Content.ReadAsStringAsync());
        Assert.False(await _factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "shortpw")));
    }

    [Fact]
    public async Task A_password_the_administrator_typed_must_be_changed_at_the_first_sign_in_and_then_no_more()
    {
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        await admin.PostAsync("/admin/staff/new", "/admin/staff/new",
            ("UserName", "newcomer"), ("DisplayName", "新同事"), ("Password", "Given-By-Admin-2026"), ("Roles", "Registrar"));

        using var newcomer = _factory.NewClient();
        var signIn = await newcomer.SignInStaffAsync("newcomer", "Given-By-Admin-2026");
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/account/password", (await newcomer.Http.GetAsync("/import")).Headers.Location!.OriginalString);

        // The given password is asked for (it is the proof); the new one follows the staff rule.
        var (_, form) = await newcomer.GetPageAsync("/account/password");
        Assert.NotNull(form.QuerySelector("input[name=CurrentPassword]"));
        var tooShort = await newcomer.PostFormAsync("/account/password",
            [new("CurrentPassword", "Given-By-Admin-2026"), new("NewPassword", "Mine-2026"), new("ConfirmPassword", "Mine-2026")], "/account/password");
        Assert.Contains("至少需要 12 个字符", await tooShort.Content.ReadAsStringAsync());
        var changed = await newcomer.PostFormAsync("/account/password",
            [new("CurrentPassword", "Given-By-Admin-2026"), new("NewPassword", "My-Own-Secret-2026"), new("ConfirmPassword", "My-Own-Secret-2026")], "/account/password");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetPageAsync("/import")).Response.StatusCode);

        using var later = _factory.NewClient();
        Assert.Equal("/", (await later.SignInStaffAsync("newcomer", "My-Own-Secret-2026")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_reset_password_must_be_changed_at_the_next_sign_in()
    {
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var id = await _factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Counselor2).Select(u => u.Id).SingleAsync());
        var reset = await admin.PostAsync($"/admin/staff/{id}/reset-password", $"/admin/staff/{id}");
        var generated = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await reset.Content.ReadAsStringAsync()).QuerySelector("code.password")!.TextContent;

        var signIn = await _factory.NewClient().SignInStaffAsync(DemoAccounts.Counselor2, generated);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
    }

    public void Dispose() => _factory.Dispose();
}

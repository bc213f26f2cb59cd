using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>Tests that move the clock or disable the demo administrator: a portal each.</summary>
public class StaffSessionTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    private Task<int> UserIdAsync(string userName) =>
        _factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private Task<List<string>> RolesAsync(int userId) => _factory.WithDbAsync(db =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!).ToListAsync());

    [Fact]
    public async Task An_open_session_of_a_disabled_user_ends_at_the_next_security_stamp_check()
    {
        using var counselor = await AdminTestData.StaffAsync(_factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        Assert.Equal(HttpStatusCode.OK, (await counselor.GetPageAsync("/staff")).Response.StatusCode);
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var id = await UserIdAsync(DemoAccounts.Counselor);

        await admin.PostAsync($"/admin/staff/{id}/disable", $"/admin/staff/{id}");
        // The stamp is checked once a minute.
        _factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var (response, _) = await counselor.GetPageAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_can_neither_disable_themselves_nor_drop_their_own_administrator_role()
    {
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var id = await UserIdAsync(DemoAccounts.Admin);

        var (_, disable) = await admin.FollowAsync(await admin.PostAsync($"/admin/staff/{id}/disable", $"/admin/staff/{id}"));
        var demote = await admin.PostAsync($"/admin/staff/{id}", $"/admin/staff/{id}", ("DisplayName", "系统管理员"), ("Roles", Roles.Registrar));

        Assert.Contains("不能停用自己的账号", disable.QuerySelector(".flash.error")!.TextContent);
        Assert.Contains("不能移除自己的系统管理员角色", await demote.Content.ReadAsStringAsync());
        Assert.False(await _factory.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsDisabled).SingleAsync()));
        Assert.Equal([Roles.Administrator], await RolesAsync(id));
    }

    [Fact]
    public async Task The_last_enabled_administrator_can_be_neither_disabled_nor_demoted()
    {
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        await admin.PostAsync("/admin/staff/new", "/admin/staff/new",
            ("UserName", "admin2"), ("DisplayName", "第二管理员"), ("Password", "Second-Admin-2026"), ("Roles", Roles.Administrator));
        using var admin2 = await AdminTestData.StaffAsync(_factory, "admin2", "Second-Admin-2026");
        var adminId = await UserIdAsync(DemoAccounts.Admin);
        var admin2Id = await UserIdAsync("admin2");

        // admin2 disables admin: allowed, admin2 remains.
        await admin2.PostAsync($"/admin/staff/{adminId}/disable", $"/admin/staff/{adminId}");
        Assert.True(await _factory.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsDisabled).SingleAsync()));

        // admin's session is still inside its one-minute stamp interval; admin2 is now the last enabled administrator.
        var (_, disable) = await admin.FollowAsync(await admin.PostAsync($"/admin/staff/{admin2Id}/disable", $"/admin/staff/{admin2Id}"));
        var demote = await admin.PostAsync($"/admin/staff/{admin2Id}", $"/admin/staff/{admin2Id}", ("DisplayName", "第二管理员"), ("Roles", Roles.Registrar));

        Assert.Contains("系统至少需要保留一名启用的系统管理员", disable.QuerySelector(".flash.error")!.TextContent);
        Assert.Contains("系统至少需要保留一名启用的系统管理员", await demote.Content.ReadAsStringAsync());
        Assert.False(await _factory.WithDbAsync(db => db.Users.Where(u => u.Id == admin2Id).Select(u => u.IsDisabled).SingleAsync()));
        Assert.Equal([Roles.Administrator], await RolesAsync(admin2Id));
    }

    public void Dispose() => _factory.Dispose();
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}

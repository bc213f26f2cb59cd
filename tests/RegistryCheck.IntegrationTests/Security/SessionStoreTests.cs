using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>The server-side session store: a staff member's own sessions, and the administrator's "end all sessions".</summary>
public sealed class SessionStoreTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    private Task<int> UserIdAsync(string userName) =>
        _factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_staff_member_sees_both_sessions_and_ends_the_other_one()
    {
        using var laptop = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        using var phone = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        var (_, page) = await laptop.GetPageAsync("/account/sessions");
        var rows = page.QuerySelectorAll("tr.session-row");
        Assert.Equal(2, rows.Length);
        Assert.Single(rows, r => r.TextContent.Contains("本设备", StringComparison.Ordinal));
        var other = rows.Single(r => !r.TextContent.Contains("本设备", StringComparison.Ordinal)).GetAttribute("data-id")!;

        var end = await laptop.PostAsync($"/account/sessions/{other}/end", "/account/sessions");
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetPageAsync("/staff")).Response.StatusCode);
        var phoneNow = (await phone.GetPageAsync("/staff")).Response;
        Assert.Equal(HttpStatusCode.Redirect, phoneNow.StatusCode);
        Assert.StartsWith("/account/sign-in", phoneNow.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_ends_a_session_that_is_not_their_own()
    {
        using var counselor = await AdminTestData.StaffAsync(_factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var counselorId = await UserIdAsync(DemoAccounts.Counselor);
        var counselorSession = await _factory.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == counselorId).Select(s => s.Id).SingleAsync());

        var end = await registrar.PostAsync($"/account/sessions/{counselorSession}/end", "/account/sessions");

        Assert.Equal(HttpStatusCode.NotFound, end.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counselor.GetPageAsync("/staff")).Response.StatusCode);
    }

    [Fact]
    public async Task The_administrators_end_all_sessions_signs_the_person_out_at_once_and_is_audited()
    {
        using var counselor = await AdminTestData.StaffAsync(_factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        using var admin = await AdminTestData.StaffAsync(_factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var id = await UserIdAsync(DemoAccounts.Counselor);
        Assert.Equal(HttpStatusCode.OK, (await counselor.GetPageAsync("/staff")).Response.StatusCode);

        var end = await admin.PostAsync($"/admin/staff/{id}/end-sessions", $"/admin/staff/{id}");
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);

        // No clock advance: the row is gone, so the very next request is refused (a stamp change waits a minute).
        var after = (await counselor.GetPageAsync("/staff")).Response;
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(0, await _factory.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == id)));
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "session-ended" && a.TargetId == id.ToString())));
    }

    [Fact]
    public async Task A_session_row_holds_no_readable_claims()
    {
        using var counselor = await AdminTestData.StaffAsync(_factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var id = await UserIdAsync(DemoAccounts.Counselor);
        var ticket = await _factory.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == id).Select(s => s.Ticket).SingleAsync());

        Assert.DoesNotContain(DemoAccounts.Counselor, System.Text.Encoding.UTF8.GetString(ticket), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _factory.Dispose();
}

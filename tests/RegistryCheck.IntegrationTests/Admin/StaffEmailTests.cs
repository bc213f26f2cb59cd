using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>A staff member's e-mail address (issue 17: where reminders to staff go), set in staff management.</summary>
public sealed class StaffEmailTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static int _next;

    [Fact]
    public async Task An_administrator_sets_changes_and_removes_a_staff_email_and_identity_s_normalized_copy_follows()
    {
        using var admin = await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var name = $"mail{Interlocked.Increment(ref _next)}";
        var created = await admin.PostAsync("/admin/staff/new", "/admin/staff/new", ("UserName", name), ("DisplayName", "王老师"),
            ("Password", "Teacher-Pass-2026"), ("Email", "  Wang.Li@Example.edu.cn "), ("Roles", Roles.Registrar));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var user = await UserAsync(name);
        // The one e-mail rule (students', the roster's, staff's): the mailbox as typed, the domain in lower case.
        Assert.Equal(("Wang.Li@example.edu.cn", "WANG.LI@EXAMPLE.EDU.CN"), (user.Email, user.NormalizedEmail));
        var (_, edit) = await admin.GetPageAsync($"/admin/staff/{user.Id}");
        Assert.Equal("Wang.Li@example.edu.cn", edit.QuerySelector("input[name=Email]")!.GetAttribute("value"));

        var changed = await admin.PostAsync($"/admin/staff/{user.Id}", $"/admin/staff/{user.Id}", ("DisplayName", "王老师"),
            ("Email", "wangli@jwc.example.edu.cn"), ("Roles", Roles.Registrar));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        user = await UserAsync(name);
        Assert.Equal(("wangli@jwc.example.edu.cn", "WANGLI@JWC.EXAMPLE.EDU.CN"), (user.Email, user.NormalizedEmail));
        var audit = await factory.WithDbAsync(db => db.AuditLog.Where(a => a.Action == AuditActions.StaffChanged && a.TargetId == user.Id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Details).ToListAsync());
        Assert.Equal("email", audit[^1]);
        Assert.DoesNotContain(audit, d => d!.Contains("example.edu.cn", StringComparison.OrdinalIgnoreCase));

        await admin.PostAsync($"/admin/staff/{user.Id}", $"/admin/staff/{user.Id}", ("DisplayName", "王老师"), ("Email", ""), ("Roles", Roles.Registrar));
        user = await UserAsync(name);
        Assert.Equal(((string?)null, (string?)null), (user.Email, user.NormalizedEmail));

        // The list does not show addresses at all.
        var (_, list) = await admin.GetPageAsync($"/admin/staff?q={name}");
        Assert.DoesNotContain("example.edu.cn", list.QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("wang@localhost")]
    [InlineData("a@b")]
    [InlineData("wang li@example.edu.cn")]
    [InlineData("a@example.edu.cn, b@example.edu.cn")]
    [InlineData("王老师 <wang@example.edu.cn>")]
    public async Task An_address_that_is_not_one_deliverable_mailbox_is_refused_and_nothing_changes(string email)
    {
        using var admin = await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var name = $"bad{Interlocked.Increment(ref _next)}";
        var refused = await admin.PostAsync("/admin/staff/new", "/admin/staff/new", ("UserName", name), ("DisplayName", "王老师"),
            ("Password", "Teacher-Pass-2026"), ("Email", email), ("Roles", Roles.Registrar));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var (_, page) = await admin.FollowAsync(refused);
        Assert.Contains("电子邮箱格式不正确", page.QuerySelector("main form[action='/admin/staff/new']")!.TextContent);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));

        var counselorId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Counselor).Select(u => u.Id).SingleAsync());
        var edit = await admin.PostAsync($"/admin/staff/{counselorId}", $"/admin/staff/{counselorId}", ("DisplayName", "辅导员"), ("Email", email));
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        // The demo staff keep <user>@example.edu.cn.
        var counselor = await UserAsync(DemoAccounts.Counselor);
        Assert.Equal(($"{DemoAccounts.Counselor}@example.edu.cn", $"{DemoAccounts.Counselor}@example.edu.cn".ToUpperInvariant()), (counselor.Email, counselor.NormalizedEmail));
    }

    private Task<AppUser> UserAsync(string userName) => factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName));
}

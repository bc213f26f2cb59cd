using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>Each test uses its own new account names, so the portal is shared.</summary>
public class StaffTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Password = "Teacher-Pass-2026";

    private static int _next;

    private static string NewName(string prefix) => $"{prefix}{Interlocked.Increment(ref _next)}";

    private Task<PortalClient> AdminAsync() => AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);

    private Task<int> ClassIdAsync(string name) => factory.WithDbAsync(db => db.Classes.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    private Task<int> CollegeIdAsync(string name) => factory.WithDbAsync(db => db.Colleges.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    private Task<AppUser> UserAsync(string userName) =>
        factory.WithDbAsync(db => db.Users.Include(u => u.Scopes).SingleAsync(u => u.UserName == userName));

    private Task<List<string>> RolesAsync(int userId) => factory.WithDbAsync(db =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!).ToListAsync());

    private static Task<HttpResponseMessage> CreateAsync(PortalClient admin, string userName, string? password, string[] roles, int[] classIds, int? collegeId = null)
    {
        var fields = new List<(string, string)> { ("UserName", userName), ("DisplayName", "测试老师"), ("Password", password ?? "") };
        fields.AddRange(roles.Select(r => ("Roles", r)));
        fields.AddRange(classIds.Select(c => ("ClassIds", c.ToString())));
        if (collegeId is int college)
        {
            fields.Add(("CollegeId", college.ToString()));
        }

        return admin.PostAsync("/admin/staff/new", "/admin/staff/new", [.. fields]);
    }

    [Fact]
    public async Task An_administrator_creates_a_counselor_with_classes_who_then_sees_only_those_classes_students()
    {
        using var admin = await AdminAsync();
        var name = NewName("teacher");
        var classId = await ClassIdAsync("2026级经济学2班");

        var response = await CreateAsync(admin, name, Password, [Roles.Counselor], [classId]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await UserAsync(name);
        Assert.Equal([Roles.Counselor], await RolesAsync(user.Id));
        Assert.Equal([classId], user.Scopes.Select(s => s.ClassId!.Value));
        Assert.Null(user.StudentId);
        var audit = await factory.WithDbAsync(db => db.AuditLog.Where(a => a.TargetType == "user" && a.TargetId == user.Id.ToString()).ToListAsync());
        Assert.Contains(audit, a => a.Action == AuditActions.StaffChanged && a.Details!.Contains("Counselor"));
        Assert.Contains(audit, a => a.Action == AuditActions.ScopeChanged && a.Details == $"classes={classId} college=none");
        Assert.All(audit, a => Assert.DoesNotContain(Password, a.Details ?? ""));

        using var teacher = await AdminTestData.StaffAsync(factory, name, Password);
        var (status, _) = await teacher.GetPageAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var (_, list) = await admin.GetPageAsync("/admin/staff?q=" + name);
        Assert.Contains("2026级经济学2班", list.QuerySelector($"tr[data-user='{name}']")!.TextContent);
    }

    [Fact]
    public async Task A_generated_password_is_shown_once_and_signs_in()
    {
        using var admin = await AdminAsync();
        var name = NewName("registrar");

        var response = await CreateAsync(admin, name, null, [Roles.Registrar], []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var password = page.QuerySelector("code.password")!.TextContent;
        Assert.Equal(14, password.Length);
        using var user = await AdminTestData.StaffAsync(factory, name, password);
        Assert.Equal(HttpStatusCode.OK, (await user.GetPageAsync("/campaigns")).Response.StatusCode);
        // Nowhere to see it again: the account page has no password on it.
        var id = (await UserAsync(name)).Id;
        var (_, edit) = await admin.GetPageAsync($"/admin/staff/{id}");
        Assert.DoesNotContain(password, edit.Body!.InnerHtml);
    }

    [Fact]
    public async Task A_typed_password_that_breaks_the_rules_is_refused_and_nothing_is_created()
    {
        using var admin = await AdminAsync();
        var name = NewName("weak");

        var response = await CreateAsync(admin, name, "aaa", [Roles.Registrar], []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()))
            .QuerySelector("[data-valmsg-for=Password]")?.TextContent.Trim().NullIfEmpty());
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));
    }

    [Fact]
    public async Task A_counselor_without_classes_and_a_college_administrator_without_a_college_are_refused()
    {
        using var admin = await AdminAsync();
        var name = NewName("noscope");

        var counselor = await CreateAsync(admin, name, Password, [Roles.Counselor], []);
        var collegeAdmin = await CreateAsync(admin, name, Password, [Roles.CollegeAdmin], []);

        Assert.Contains("辅导员至少需要负责一个班级", await counselor.Content.ReadAsStringAsync());
        Assert.Contains("学院教务员需要指定学院", await collegeAdmin.Content.ReadAsStringAsync());
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));
    }

    [Fact]
    public async Task Editing_roles_and_scopes_replaces_them_and_is_audited()
    {
        using var admin = await AdminAsync();
        var name = NewName("move");
        await CreateAsync(admin, name, Password, [Roles.Counselor], [await ClassIdAsync("2026级经济学1班")]);
        var user = await UserAsync(name);
        var college = await CollegeIdAsync("信息科学与工程学院");

        var response = await admin.PostAsync($"/admin/staff/{user.Id}", $"/admin/staff/{user.Id}",
            ("DisplayName", "信息学院新教务员"), ("Roles", Roles.CollegeAdmin), ("CollegeId", college.ToString()), ("ClassIds", (await ClassIdAsync("2026级软件工程1班")).ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await UserAsync(name);
        Assert.Equal("信息学院新教务员", after.DisplayName);
        Assert.Equal([Roles.CollegeAdmin], await RolesAsync(user.Id));
        // The classes belong to the counselor role, which is gone: only the college remains.
        Assert.Equal([college], after.Scopes.Select(s => s.CollegeId!.Value));
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.StaffChanged && a.TargetId == user.Id.ToString()
            && a.Details!.Contains("added=CollegeAdmin") && a.Details.Contains("removed=Counselor"))));
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.ScopeChanged && a.TargetId == user.Id.ToString()
            && a.Details == $"classes= college={college}")));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_can_be_enabled_again()
    {
        using var admin = await AdminAsync();
        var name = NewName("leaver");
        await CreateAsync(admin, name, Password, [Roles.Registrar], []);
        var id = (await UserAsync(name)).Id;

        await admin.PostAsync($"/admin/staff/{id}/disable", $"/admin/staff/{id}");

        Assert.True((await UserAsync(name)).IsDisabled);
        var refused = await factory.NewClient().SignInStaffAsync(name, Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("账号或密码错误", await refused.Content.ReadAsStringAsync());
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.StaffChanged && a.TargetId == id.ToString() && a.Details == "disabled")));

        await admin.PostAsync($"/admin/staff/{id}/enable", $"/admin/staff/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await factory.NewClient().SignInStaffAsync(name, Password)).StatusCode);
    }

    [Fact]
    public async Task Resetting_a_password_shows_a_new_one_once_and_the_old_one_stops_working()
    {
        using var admin = await AdminAsync();
        var name = NewName("forgot");
        await CreateAsync(admin, name, Password, [Roles.Registrar], []);
        var id = (await UserAsync(name)).Id;

        var response = await admin.PostAsync($"/admin/staff/{id}/reset-password", $"/admin/staff/{id}");

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var newPassword = page.QuerySelector("code.password")!.TextContent;
        Assert.Equal(HttpStatusCode.OK, (await factory.NewClient().SignInStaffAsync(name, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.NewClient().SignInStaffAsync(name, newPassword)).StatusCode);
        var entry = await factory.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == AuditActions.PasswordReset && a.TargetId == id.ToString()));
        Assert.DoesNotContain(newPassword, entry.Details);
    }

    [Fact]
    public async Task Student_accounts_are_not_staff_they_are_neither_listed_nor_editable()
    {
        using var admin = await AdminAsync();
        var studentUser = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Student1).Select(u => u.Id).SingleAsync());

        var (_, list) = await admin.GetPageAsync("/admin/staff?q=" + DemoAccounts.Student1);
        Assert.Empty(list.QuerySelectorAll("table.staff tbody tr"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetPageAsync($"/admin/staff/{studentUser}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/staff/{studentUser}/reset-password", "/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/staff/{studentUser}/disable", "/admin/staff")).StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == studentUser).Select(u => u.IsDisabled).SingleAsync()));
    }

    [Fact]
    public async Task The_staff_list_is_paged_on_the_server()
    {
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < 55; i++)
            {
                var n = NewName("zpage");
                db.Users.Add(new AppUser { UserName = n, NormalizedUserName = n.ToUpperInvariant(), DisplayName = n, SecurityStamp = Guid.NewGuid().ToString("N") });
            }

            await db.SaveChangesAsync();
        });
        using var admin = await AdminAsync();

        var (_, first) = await admin.GetPageAsync("/admin/staff?q=zpage");
        var (_, second) = await admin.GetPageAsync("/admin/staff?q=zpage&page=2");

        Assert.Equal(50, first.QuerySelectorAll("table.staff tbody tr").Length);
        Assert.Equal(5, second.QuerySelectorAll("table.staff tbody tr").Length);
    }
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string value) => value.Length == 0 ? null : value;
}

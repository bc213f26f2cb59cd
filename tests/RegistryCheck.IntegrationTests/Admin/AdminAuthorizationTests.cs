using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>
/// Every campaign, staff and audit action, GET and POST (with a valid token and valid fields, so that a missing
/// check would change something), by everyone who must not reach it: refused, and the database unchanged.
/// </summary>
public class AdminAuthorizationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] Changes =
        [AuditActions.DeadlineChanged, AuditActions.CampaignChanged, AuditActions.StaffChanged, AuditActions.ScopeChanged, AuditActions.PasswordReset, AuditActions.Export];

    private async Task<(int CampaignId, int Version, int TargetUserId)> TargetsAsync() => await factory.WithDbAsync(async db =>
    {
        var campaign = await db.Campaigns.Where(c => c.Cohort == 2026).Select(c => new { c.Id, c.Version }).SingleAsync();
        var user = await db.Users.Where(u => u.UserName == DemoAccounts.Counselor2).Select(u => u.Id).SingleAsync();
        return (campaign.Id, campaign.Version, user);
    });

    private async Task<(string Method, string Url, (string, string)[] Fields)[]> CampaignRoutesAsync()
    {
        var (id, version, _) = await TargetsAsync();
        return
        [
            ("GET", "/campaigns", []),
            ("GET", "/campaigns/new", []),
            ("GET", $"/campaigns/{id}", []),
            ("POST", "/campaigns/new", [("Cohort", "2035"), ("Name", "2035级"), ("OpensAt", "2026-11-28T09:00"), ("Deadline", "2026-12-30T18:00")]),
            ("POST", $"/campaigns/{id}/deadline", [("Version", version.ToString()), ("NewDeadline", "2027-01-10T18:00")]),
            ("POST", $"/campaigns/{id}/student-deadline", [("StudentNumber", DemoAccounts.Student1), ("NewDeadline", "2027-01-10T18:00"), ("Reason", "x")]),
            ("POST", $"/campaigns/{id}/close", [("version", version.ToString())]),
        ];
    }

    private async Task<(string Method, string Url, (string, string)[] Fields)[]> AdministratorRoutesAsync()
    {
        var (_, _, user) = await TargetsAsync();
        return
        [
            ("GET", "/admin/staff", []),
            ("GET", "/admin/staff/new", []),
            ("GET", $"/admin/staff/{user}", []),
            ("POST", "/admin/staff/new", [("UserName", "sneaky"), ("DisplayName", "x"), ("Password", "Sneaky-Pass-2026"), ("Roles", "Administrator")]),
            ("POST", $"/admin/staff/{user}", [("DisplayName", "hacked"), ("Roles", "Administrator")]),
            ("POST", $"/admin/staff/{user}/disable", []),
            ("POST", $"/admin/staff/{user}/enable", []),
            ("POST", $"/admin/staff/{user}/reset-password", []),
            ("GET", "/admin/audit", []),
            ("GET", "/admin/audit/export", []),
        ];
    }

    private Task<string> SnapshotAsync() => factory.WithDbAsync(async db =>
    {
        var campaigns = await db.Campaigns.OrderBy(c => c.Id).Select(c => new { c.Id, c.Deadline, c.ClosedAt, c.Version }).ToListAsync();
        var overrides = await db.StudentChecks.CountAsync(c => c.DeadlineOverride != null);
        var users = await db.Users.Where(u => u.StudentId == null).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.IsDisabled, u.SecurityStamp, u.PasswordHash }).ToListAsync();
        var roles = await db.UserRoles.OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => new { r.UserId, r.RoleId }).ToListAsync();
        var scopes = await db.StaffScopes.OrderBy(s => s.Id).Select(s => new { s.UserId, s.ClassId, s.CollegeId }).ToListAsync();
        var audited = await db.AuditLog.CountAsync(a => Changes.Contains(a.Action));
        return System.Text.Json.JsonSerializer.Serialize(new { campaigns, overrides, users, roles, scopes, audited });
    });

    private async Task<PortalClient> ClientAsync(string who) => who switch
    {
        "anonymous" => factory.NewClient(),
        "student" => (await TestStudents.SignedInAsync(factory)).Client,
        "counselor" => await AdminTestData.StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword),
        "college" => await AdminTestData.StaffAsync(factory, DemoAccounts.College, DemoAccounts.CollegePassword),
        "admin" => await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword),
        "registrar" => await AdminTestData.StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private static string TokenPage(string who) => who switch
    {
        "anonymous" => "/account/sign-in",
        "student" => "/me",
        _ => "/staff",
    };

    private async Task AssertRefusedAsync(string who, IEnumerable<(string Method, string Url, (string, string)[] Fields)> routes)
    {
        using var client = await ClientAsync(who);
        var before = await SnapshotAsync();
        var expected = who == "anonymous" ? "/account/sign-in" : "/account/denied";
        foreach (var (method, url, fields) in routes)
        {
            var response = method == "GET" ? await client.Http.GetAsync(url) : await client.PostAsync(url, TokenPage(who), fields);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{who} {method} {url}: {response.StatusCode}");
            Assert.StartsWith(expected, response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
            var (denied, _) = await client.FollowAsync(response);
            Assert.True(who == "anonymous" ? denied.StatusCode == HttpStatusCode.OK : denied.StatusCode == HttpStatusCode.Forbidden, $"{who} {method} {url}: {denied.StatusCode}");
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("student")]
    [InlineData("counselor")]
    [InlineData("college")]
    public async Task Anonymous_users_students_counselors_and_college_administrators_reach_no_campaign_staff_or_audit_action(string who) =>
        await AssertRefusedAsync(who, [.. await CampaignRoutesAsync(), .. await AdministratorRoutesAsync()]);

    [Fact]
    public async Task Staff_without_the_registrar_role_reach_no_campaign_action_not_even_the_administrator() =>
        await AssertRefusedAsync("admin", await CampaignRoutesAsync());

    [Fact]
    public async Task The_registrar_reaches_no_staff_or_audit_action() =>
        await AssertRefusedAsync("registrar", await AdministratorRoutesAsync());

    [Fact]
    public async Task The_staff_hub_links_each_role_to_its_own_pages_only()
    {
        using var registrar = await ClientAsync("registrar");
        using var admin = await ClientAsync("admin");
        using var counselor = await ClientAsync("counselor");

        var (_, r) = await registrar.GetPageAsync("/staff");
        var (_, a) = await admin.GetPageAsync("/staff");
        var (_, c) = await counselor.GetPageAsync("/staff");

        Assert.NotNull(r.QuerySelector("a[href='/campaigns']"));
        Assert.Null(r.QuerySelector("a[href='/admin/staff']"));
        Assert.NotNull(a.QuerySelector("a[href='/admin/staff']"));
        Assert.NotNull(a.QuerySelector("a[href='/admin/audit']"));
        Assert.Null(a.QuerySelector("a[href='/campaigns']"));
        Assert.Null(c.QuerySelector("a[href='/campaigns']"));
        Assert.Null(c.QuerySelector("a[href='/admin/staff']"));
    }
}

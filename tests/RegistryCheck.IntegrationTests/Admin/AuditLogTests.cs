using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Admin;

public class AuditLogTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly DateTime Day1 = new(2026, 11, 20, 16, 30, 0, DateTimeKind.Utc); // 11-21 00:30 in Beijing
    private static readonly DateTime Day2 = new(2026, 11, 21, 15, 59, 0, DateTimeKind.Utc); // 11-21 23:59 in Beijing
    private static readonly DateTime Day3 = new(2026, 11, 21, 16, 1, 0, DateTimeKind.Utc);  // 11-22 00:01 in Beijing

    private async Task SeedAsync(string marker)
    {
        await factory.WithDbAsync(async db =>
        {
            var registrar = await db.Users.Where(u => u.UserName == DemoAccounts.Registrar).Select(u => u.Id).SingleAsync();
            db.AuditLog.AddRange(
                new AuditEntry { At = Day1, Action = AuditActions.DeadlineChanged, ActorUserId = registrar, ActorName = "学籍管理科", TargetType = "campaign", TargetId = marker, Succeeded = true },
                new AuditEntry { At = Day2, Action = AuditActions.SignInFailed, TargetType = "user-name", TargetId = marker, Succeeded = false },
                new AuditEntry { At = Day3, Action = AuditActions.Export, ActorUserId = registrar, ActorName = "学籍管理科", TargetType = "college", TargetId = marker, Succeeded = true });
            await db.SaveChangesAsync();
        });
    }

    private static string[] Targets(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("table.audit tbody tr").Select(r => r.GetAttribute("data-action")!).ToArray();

    [Fact]
    public async Task Updating_or_deleting_an_audit_entry_through_the_DbContext_throws()
    {
        await factory.WithDbAsync(async db =>
        {
            var entry = await db.AuditLog.FirstAsync();
            entry.Details = "tampered";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
        await factory.WithDbAsync(async db =>
        {
            db.AuditLog.Remove(await db.AuditLog.FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
        Assert.False(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Details == "tampered")));
    }

    [Fact]
    public async Task No_route_of_the_app_changes_the_audit_log_and_the_viewer_only_answers_GET()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("admin/audit", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Equal(["GET"], e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));

        using var admin = await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        var id = await factory.WithDbAsync(db => db.AuditLog.Select(a => a.Id).FirstAsync());
        var before = await factory.WithDbAsync(db => db.AuditLog.OrderBy(a => a.Id).Select(a => new { a.Id, a.Details }).ToListAsync());
        foreach (var url in new[] { "/admin/audit", $"/admin/audit/{id}", $"/admin/audit/{id}/delete", $"/admin/audit/{id}/edit" })
        {
            var post = await admin.PostAsync(url, "/staff", ("Details", "tampered"));
            Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{url}: {post.StatusCode}");
            var delete = await admin.Http.DeleteAsync(url);
            Assert.True(delete.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{url}: {delete.StatusCode}");
        }

        var lastId = before[^1].Id;
        var after = await factory.WithDbAsync(db => db.AuditLog.Where(a => a.Id <= lastId).OrderBy(a => a.Id).Select(a => new { a.Id, a.Details }).ToListAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_administrator_filters_by_action_actor_target_dates_and_outcome()
    {
        var marker = "m" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(marker);
        using var admin = await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);

        var (_, byTarget) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}");
        Assert.Equal([AuditActions.Export, AuditActions.SignInFailed, AuditActions.DeadlineChanged], Targets(byTarget));

        var (_, byAction) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&Action={AuditActions.DeadlineChanged}");
        Assert.Equal([AuditActions.DeadlineChanged], Targets(byAction));

        var (_, byActor) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&Actor={DemoAccounts.Registrar}");
        Assert.Equal([AuditActions.Export, AuditActions.DeadlineChanged], Targets(byActor));

        var (_, byType) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&TargetType=college");
        Assert.Equal([AuditActions.Export], Targets(byType));

        // Local dates: 11-21 in Beijing holds the first two (00:30 and 23:59), not 11-22 00:01.
        var (_, byDate) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&From=2026-11-21&To=2026-11-21");
        Assert.Equal([AuditActions.SignInFailed, AuditActions.DeadlineChanged], Targets(byDate));

        var (_, failed) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&Outcome=failed");
        Assert.Equal([AuditActions.SignInFailed], Targets(failed));
        var (_, ok) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&Outcome=ok");
        Assert.Equal(2, Targets(ok).Length);
    }

    [Fact]
    public async Task The_log_is_paged_on_the_server_newest_first_fifty_a_page()
    {
        var marker = "p" + Guid.NewGuid().ToString("N")[..8];
        await factory.WithDbAsync(async db =>
        {
            db.AuditLog.AddRange(Enumerable.Range(0, 60).Select(i => new AuditEntry
            {
                At = Day1.AddMinutes(i), Action = AuditActions.Import, TargetType = "page-test", TargetId = marker, Details = $"n={i}",
            }));
            await db.SaveChangesAsync();
        });
        using var admin = await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);

        var (_, first) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}");
        var (_, second) = await admin.GetPageAsync($"/admin/audit?TargetId={marker}&Page=2");

        var firstRows = first.QuerySelectorAll("table.audit td.details").Select(td => td.TextContent).ToList();
        Assert.Equal(50, firstRows.Count);
        Assert.Equal("n=59", firstRows[0]);
        Assert.Equal(["n=9", "n=8", "n=7", "n=6", "n=5", "n=4", "n=3", "n=2", "n=1", "n=0"],
            second.QuerySelectorAll("table.audit td.details").Select(td => td.TextContent));
        Assert.NotNull(first.QuerySelector($"a[href*='Page=2']"));
    }

    [Fact]
    public async Task The_filtered_export_writes_formula_like_values_as_text_and_is_audited()
    {
        var marker = "x" + Guid.NewGuid().ToString("N")[..8];
        await factory.WithDbAsync(async db =>
        {
            db.AuditLog.Add(new AuditEntry { At = Day1, Action = AuditActions.SignInFailed, TargetType = "user-name", TargetId = marker, Details = "=HYPERLINK(\"http://x\",\"y\")", Succeeded = false });
            await db.SaveChangesAsync();
        });
        using var admin = await AdminTestData.StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);

        var response = await admin.Http.GetAsync($"/admin/audit/export?TargetId={marker}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\n')).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("时间", lines[0]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", lines[1]);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.Export && a.TargetType == "audit-log" && a.Details == "csv rows=1")));
    }
}

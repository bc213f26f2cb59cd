using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace RegistryCheck.IntegrationTests.Admin;

public class CampaignPerformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task A_campaign_for_a_cohort_of_50000_students_is_created_in_seconds()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2030);
        await AdminTestData.AddManyStudentsAsync(_factory, classId, 50_000);
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var token = await registrar.TokenFromAsync("/campaigns/new");

        var watch = Stopwatch.StartNew();
        var response = await registrar.Http.PostAsync("/campaigns/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Cohort"] = "2030",
            ["Name"] = "2030级新生学籍信息核对",
            ["OpensAt"] = "2026-11-28T09:00",
            ["Deadline"] = "2026-12-20T18:00",
        }));
        watch.Stop();
        output.WriteLine($"POST /campaigns/new for 50,000 students: {watch.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Cohort == 2030).Select(c => c.Id).SingleAsync());
        Assert.Equal(50_000, await _factory.WithDbAsync(db => db.StudentChecks.CountAsync(c => c.CampaignId == id)));
        // Generous for a shared two-core machine; measured 0.6 s (docs/operations-admin.md).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");

        // The stored times read back as EF writes them: the campaign page counts them by state.
        var (_, page) = await registrar.GetPageAsync($"/campaigns/{id}");
        Assert.Equal("50000", page.QuerySelector("td.total")!.TextContent.Trim());
    }

    public void Dispose() => _factory.Dispose();
}

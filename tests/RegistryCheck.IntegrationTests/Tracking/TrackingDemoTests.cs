using System.Net;
using ClosedXML.Excel;
using RegistryCheck.IntegrationTests.Infrastructure;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

public class TrackingDemoTests
{
    /// <summary>The definition of done, with the demo data and the demo accounts.</summary>
    [Fact]
    public async Task With_the_demo_data_the_counselor_sees_progress_exports_the_not_checked_list_nudges_and_sees_counts_change()
    {
        using var factory = new PortalFactory();
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var (_, hub) = await counselor.GetPageAsync("/staff");
        var link = hub.QuerySelector("a#tracking-link")!.GetAttribute("href")!;
        var (_, overview) = await counselor.GetPageAsync(link);
        var econ1 = await ClassIdAsync(factory, Econ1);
        var econ2 = await ClassIdAsync(factory, Econ2);
        Assert.Equal(new Counts(10, 10, 0, 0, 0, 0, 0), Row(overview, $"class-{econ1}"));
        Assert.Equal(new Counts(10, 10, 0, 0, 0, 0, 0), Row(overview, $"class-{econ2}"));
        Assert.Equal(new Counts(20, 20, 0, 0, 0, 0, 0), Row(overview, "total"));

        var classUrl = overview.QuerySelector($"tr[data-unit='class-{econ1}'] a")!.GetAttribute("href")!;
        var (_, classPage) = await counselor.GetPageAsync(classUrl + "&state=unfinished");
        var exportUrl = classPage.QuerySelector("a#export")!.GetAttribute("href")!;
        var export = await counselor.Http.GetAsync(exportUrl);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using (var book = new XLWorkbook(await export.Content.ReadAsStreamAsync()))
        {
            var numbers = book.Worksheet(1).RowsUsed().Skip(2).Select(r => r.Cell(1).GetString()).ToList();
            Assert.Equal(Enumerable.Range(1, 10).Select(i => $"20260100{i:00}"), numbers);
        }

        var studentId = await StudentIdAsync(factory, DemoAccounts.Student1);
        var nudge = await counselor.PostFormAsync($"/tracking/students/{studentId}/nudge", [new("Channel", "Phone"), new("Note", "")], classUrl);
        Assert.Equal(HttpStatusCode.Redirect, nudge.StatusCode);
        (_, classPage) = await counselor.GetPageAsync(classUrl);
        Assert.Equal("Phone", classPage.QuerySelector($"tr[data-number='{DemoAccounts.Student1}'] .nudge [data-channel]")!.GetAttribute("data-channel"));

        using var student = factory.NewClient();
        await student.SignInStudentWithOwnPasswordAsync(DemoAccounts.Student1, DemoAccounts.Student1Initial);
        await student.GetPageAsync("/me");
        (_, classPage) = await counselor.GetPageAsync(classUrl);
        Assert.Equal(new Counts(10, 9, 1, 0, 0, 0, 0), Row(classPage, $"class-{econ1}"));

        await student.PostFormAsync("/me/confirm");
        (_, overview) = await counselor.GetPageAsync("/tracking");
        Assert.Equal(new Counts(10, 9, 0, 1, 0, 0, 0), Row(overview, $"class-{econ1}"));
        Assert.Equal(new Counts(20, 19, 0, 1, 0, 0, 0), Row(overview, "total"));
    }
}

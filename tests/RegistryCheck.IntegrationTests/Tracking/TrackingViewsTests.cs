using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>Every number the counselor, college and registrar views show, against a data set built by hand.</summary>
public class TrackingViewsTests
{
    /// <summary>
    /// 经济学1班: 3 viewed, 2 confirmed, 1 reported, 1 resolved, 1 exempt, 2 not viewed.
    /// 经济学2班: 5 confirmed, 1 confirmed but exempt, 4 not viewed. 计算机1班: 1 viewed, 1 reported, 8 not viewed.
    /// 软件工程1班: 10 not viewed.
    /// </summary>
    private static async Task ArrangeAsync(PortalFactory factory)
    {
        foreach (var n in new[] { "2026010001", "2026010002", "2026010003", "2026020001" })
        {
            await SetStateAsync(factory, n, CheckState.Viewed);
        }

        foreach (var n in new[] { "2026010004", "2026010005", "2026010011", "2026010012", "2026010013", "2026010014", "2026010015" })
        {
            await SetStateAsync(factory, n, CheckState.Confirmed);
        }

        await SetStateAsync(factory, "2026010006", CheckState.Reported);
        await SetStateAsync(factory, "2026020002", CheckState.Reported);
        await SetStateAsync(factory, "2026010007", CheckState.Resolved);
        await SetStateAsync(factory, "2026010008", CheckState.NotViewed, exempt: true);
        await SetStateAsync(factory, "2026010016", CheckState.Confirmed, exempt: true);
    }

    [Fact]
    public async Task Counselor_college_and_registrar_views_show_the_counts_of_a_hand_built_data_set()
    {
        using var factory = new PortalFactory();
        await ArrangeAsync(factory);
        var econ1 = await ClassIdAsync(factory, Econ1);
        var econ2 = await ClassIdAsync(factory, Econ2);
        var cs1 = await ClassIdAsync(factory, Cs1);
        var se1 = await ClassIdAsync(factory, Se1);
        var econ = await CollegeIdAsync(factory, EconCollege);
        var info = await CollegeIdAsync(factory, InfoCollege);
        var econ1Counts = new Counts(9, 2, 3, 2, 1, 1, 1);
        var econ2Counts = new Counts(9, 4, 0, 5, 0, 0, 1);
        var econCounts = new Counts(18, 6, 3, 7, 1, 1, 2);
        var infoCounts = new Counts(20, 18, 1, 0, 1, 0, 0);

        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var (_, page) = await counselor.GetPageAsync("/tracking");
        Assert.Equal(econ1Counts, Row(page, $"class-{econ1}"));
        Assert.Equal(econ2Counts, Row(page, $"class-{econ2}"));
        Assert.Equal(econCounts, Row(page, "total"));
        Assert.False(HasRow(page, $"class-{cs1}"));
        Assert.Equal("14", page.QuerySelector("[data-days-left]")!.GetAttribute("data-days-left"));

        var (_, classPage) = await counselor.GetPageAsync($"/tracking/classes/{econ1}");
        Assert.Equal(econ1Counts, Row(classPage, $"class-{econ1}"));
        var viewedMeter = classPage.QuerySelector(".state-bar[data-state=Viewed] meter")!;
        Assert.Equal(("3", "9"), (viewedMeter.GetAttribute("value"), viewedMeter.GetAttribute("max")));
        Assert.Equal(9, Matching(classPage));
        var first = classPage.QuerySelector("table.students tr[data-number='2026010001']")!;
        Assert.Equal("430104************", first.QuerySelector(".id-number")!.TextContent.Trim());
        Assert.Equal("13807310001", first.QuerySelector(".phone")!.TextContent.Trim());
        Assert.Equal("Viewed", first.QuerySelector(".state")!.GetAttribute("data-state"));
        Assert.NotEqual("", first.QuerySelector(".viewed")!.TextContent.Trim());
        Assert.DoesNotContain("430104200803151230", classPage.Body!.OuterHtml);

        var (_, unfinished) = await counselor.GetPageAsync($"/tracking/classes/{econ1}?state=unfinished");
        Assert.Equal(["2026010001", "2026010002", "2026010003", "2026010006", "2026010009", "2026010010"], Numbers(unfinished));
        var (_, exempt) = await counselor.GetPageAsync($"/tracking/classes/{econ1}?state=exempt");
        Assert.Equal(["2026010008"], Numbers(exempt));
        var (_, reported) = await counselor.GetPageAsync($"/tracking/classes/{econ1}?state=Reported");
        Assert.Equal(["2026010006"], Numbers(reported));

        using var college = await StaffAsync(factory, DemoAccounts.College, DemoAccounts.CollegePassword);
        (_, page) = await college.GetPageAsync("/tracking");
        Assert.Equal(econ1Counts, Row(page, $"class-{econ1}"));
        Assert.Equal(econ2Counts, Row(page, $"class-{econ2}"));
        Assert.Equal(econCounts, Row(page, "total"));
        Assert.Equal(econCounts, Row(page, $"college-{econ}"));
        Assert.False(HasRow(page, $"class-{cs1}"));
        var (_, collegePage) = await college.GetPageAsync($"/tracking/colleges/{econ}?state=Confirmed");
        Assert.Equal(econCounts, Row(collegePage, "total"));
        Assert.Equal(econ2Counts, Row(collegePage, $"class-{econ2}"));
        Assert.Equal(7, Matching(collegePage));

        using var registrar = await StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        (_, page) = await registrar.GetPageAsync("/tracking");
        Assert.Equal(econCounts, Row(page, $"college-{econ}"));
        Assert.Equal(infoCounts, Row(page, $"college-{info}"));
        Assert.Equal(new Counts(38, 24, 4, 7, 2, 1, 2), Row(page, "total"));
        var (_, infoPage) = await registrar.GetPageAsync($"/tracking/colleges/{info}");
        Assert.Equal(new Counts(10, 8, 1, 0, 1, 0, 0), Row(infoPage, $"class-{cs1}"));
        Assert.Equal(new Counts(10, 10, 0, 0, 0, 0, 0), Row(infoPage, $"class-{se1}"));
        Assert.Equal(infoCounts, Row(infoPage, "total"));
        Assert.Equal(20, Matching(infoPage));
    }

    [Fact]
    public async Task Counts_change_as_soon_as_a_student_views_and_confirms()
    {
        using var factory = new PortalFactory();
        var (student, studentClient) = await TestStudents.SignedInAsync(factory, Econ2);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var url = $"/tracking/classes/{student.ClassId}";

        var (_, page) = await counselor.GetPageAsync(url);
        Assert.Equal(new Counts(11, 11, 0, 0, 0, 0, 0), Row(page, $"class-{student.ClassId}"));
        Assert.Equal("NotViewed", page.QuerySelector($"tr[data-number='{student.StudentNumber}'] .state")!.GetAttribute("data-state"));

        await studentClient.GetPageAsync("/me");
        (_, page) = await counselor.GetPageAsync(url);
        Assert.Equal(new Counts(11, 10, 1, 0, 0, 0, 0), Row(page, $"class-{student.ClassId}"));
        Assert.Equal("Viewed", page.QuerySelector($"tr[data-number='{student.StudentNumber}'] .state")!.GetAttribute("data-state"));
        (_, page) = await counselor.GetPageAsync(url + "?state=Viewed");
        Assert.Equal([student.StudentNumber], Numbers(page));

        var confirm = await studentClient.PostFormAsync("/me/confirm");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, confirm.StatusCode);
        (_, page) = await counselor.GetPageAsync(url);
        Assert.Equal(new Counts(11, 10, 0, 1, 0, 0, 0), Row(page, $"class-{student.ClassId}"));
        (_, page) = await counselor.GetPageAsync(url + "?state=unfinished");
        Assert.DoesNotContain(student.StudentNumber, Numbers(page));

        // A report makes the student Reported; withdrawing it goes back to Confirmed.
        await studentClient.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("ProposedValue", "回族"), ("Reason", "见户口本")], []);
        (_, page) = await counselor.GetPageAsync(url);
        Assert.Equal(new Counts(11, 10, 0, 0, 1, 0, 0), Row(page, $"class-{student.ClassId}"));
    }

    [Fact]
    public async Task Exempt_students_leave_every_count_and_come_back_when_the_exemption_is_undone()
    {
        using var factory = new PortalFactory();
        var econ1 = await ClassIdAsync(factory, Econ1);
        var econ = await CollegeIdAsync(factory, EconCollege);
        var id = await StudentIdAsync(factory, "2026010003");
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var detail = $"/tracking/students/{id}";

        var response = await counselor.PostFormAsync($"{detail}/exempt", [new("Kind", "Preparatory"), new("Reason", "")], detail);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var check = await factory.WithDbAsync(db => db.StudentChecks.SingleAsync(c => c.StudentId == id));
        Assert.True(check.IsExempt);
        Assert.Equal("预科", check.ExemptReason);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "exemption-changed" && a.TargetId == id.ToString())));

        var (_, page) = await counselor.GetPageAsync("/tracking");
        Assert.Equal(new Counts(9, 9, 0, 0, 0, 0, 1), Row(page, $"class-{econ1}"));
        Assert.Equal(new Counts(19, 19, 0, 0, 0, 0, 1), Row(page, "total"));
        (_, page) = await counselor.GetPageAsync($"/tracking/classes/{econ1}");
        Assert.DoesNotContain("2026010003", Numbers(page));
        (_, page) = await counselor.GetPageAsync($"/tracking/classes/{econ1}?state=exempt");
        Assert.Equal(["2026010003"], Numbers(page));
        using var registrar = await StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        (_, page) = await registrar.GetPageAsync("/tracking");
        Assert.Equal(new Counts(19, 19, 0, 0, 0, 0, 1), Row(page, $"college-{econ}"));
        Assert.Equal(39, Row(page, "total").Total);

        // "Other" needs a reason.
        response = await counselor.PostFormAsync($"{detail}/exempt", [new("Kind", "Other"), new("Reason", "")], detail);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("预科", await factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == id).Select(c => c.ExemptReason).SingleAsync()));

        response = await counselor.PostFormAsync($"{detail}/unexempt", [], detail);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        (_, page) = await counselor.GetPageAsync("/tracking");
        Assert.Equal(new Counts(10, 10, 0, 0, 0, 0, 0), Row(page, $"class-{econ1}"));
    }

    [Fact]
    public async Task The_list_is_sorted_paged_and_searched_on_the_server()
    {
        using var factory = new PortalFactory();
        var added = new List<TestStudent>();
        for (var i = 0; i < 45; i++)
        {
            added.Add(await TestStudents.AddAsync(factory, Econ1));
        }

        await SetStateAsync(factory, "2026010002", CheckState.Viewed, at: factory.Clock.GetUtcNow().UtcDateTime.AddHours(-5));
        await SetStateAsync(factory, "2026010007", CheckState.Viewed, at: factory.Clock.GetUtcNow().UtcDateTime.AddHours(-2));
        var econ1 = await ClassIdAsync(factory, Econ1);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var url = $"/tracking/classes/{econ1}";

        var (_, page1) = await counselor.GetPageAsync(url);
        Assert.Equal(55, Matching(page1));
        var numbers1 = Numbers(page1);
        Assert.Equal(50, numbers1.Count);
        Assert.Equal(numbers1.Order(StringComparer.Ordinal), numbers1);
        var (_, page2) = await counselor.GetPageAsync(url + "?page=2");
        Assert.Equal(5, Numbers(page2).Count);
        Assert.Empty(Numbers(page2).Intersect(numbers1));
        Assert.NotNull(page1.QuerySelector(".pager a[rel=next]"));

        var (_, desc) = await counselor.GetPageAsync(url + "?sort=number&desc=true");
        Assert.Equal(numbers1.Concat(Numbers(page2)).OrderDescending(StringComparer.Ordinal).Take(50), Numbers(desc));

        var (_, viewed) = await counselor.GetPageAsync(url + "?sort=viewed&desc=true");
        Assert.Equal(["2026010007", "2026010002"], Numbers(viewed).Take(2));
        var (_, byState) = await counselor.GetPageAsync(url + "?sort=state&desc=true");
        Assert.Equal(["2026010002", "2026010007"], Numbers(byState).Take(2));

        var (_, byNumber) = await counselor.GetPageAsync(url + "?q=20260100");
        Assert.Equal(10, Matching(byNumber));
        var target = added[7];
        var (_, byName) = await counselor.GetPageAsync(url + "?q=" + Uri.EscapeDataString(target.StudentNumber[^5..].TrimStart('0')));
        Assert.Contains(target.StudentNumber, Numbers(byName));
        var (_, byChinese) = await counselor.GetPageAsync(url + "?q=" + Uri.EscapeDataString("李明"));
        Assert.Equal(["2026010001"], Numbers(byChinese));
        var (_, fullWidth) = await counselor.GetPageAsync(url + "?q=" + Uri.EscapeDataString("２０２６０１０００１"));
        Assert.Equal(["2026010001"], Numbers(fullWidth));
    }

    [Fact]
    public async Task The_registrars_daily_trend_counts_first_views_and_confirmations_per_Beijing_day()
    {
        using var factory = new PortalFactory();
        // The campaign opened on 2026-11-27 (Beijing); "today" is 2026-11-28 in Beijing.
        var lateOn27 = new DateTime(2026, 11, 27, 15, 59, 0, DateTimeKind.Utc);   // 23:59 on the 27th in Beijing
        var midnight28 = new DateTime(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc);  // 00:00 on the 28th in Beijing
        var morning28 = new DateTime(2026, 11, 28, 1, 0, 0, DateTimeKind.Utc);
        await SetStateAsync(factory, "2026010001", CheckState.Viewed, at: lateOn27);
        await SetStateAsync(factory, "2026010002", CheckState.Confirmed, at: new DateTime(2026, 11, 27, 10, 30, 0, DateTimeKind.Utc));
        await SetStateAsync(factory, "2026010003", CheckState.Viewed, at: midnight28);
        await SetStateAsync(factory, "2026020001", CheckState.Confirmed, at: morning28);
        await SetStateAsync(factory, "2026020002", CheckState.Confirmed, at: morning28.AddMinutes(30));
        await SetStateAsync(factory, "2026020003", CheckState.Confirmed, at: morning28, exempt: true);
        // Viewed on the 27th, confirmed on the 28th.
        await factory.WithDbAsync(async db =>
        {
            var check = await db.StudentChecks.SingleAsync(c => c.Student.StudentNumber == "2026020001");
            check.FirstViewedAt = lateOn27.AddHours(-3);
            await db.SaveChangesAsync();
        });

        using var registrar = await StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var (_, page) = await registrar.GetPageAsync("/tracking");
        var rows = page.QuerySelectorAll("table.trend tbody tr")
            .ToDictionary(r => r.GetAttribute("data-day")!, r => (
                Viewed: int.Parse(r.QuerySelector("[data-series=viewed]")!.TextContent),
                Confirmed: int.Parse(r.QuerySelector("[data-series=confirmed]")!.TextContent)));
        Assert.Equal(["2026-11-27", "2026-11-28"], rows.Keys);
        Assert.Equal((3, 1), rows["2026-11-27"]);
        Assert.Equal((2, 2), rows["2026-11-28"]);
        Assert.Equal(2, page.QuerySelectorAll("svg.trend-chart g[data-day]").Length);
        Assert.Null(page.QuerySelector("[style]"));

        // Counselors do not get the cohort's trend.
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        (_, page) = await counselor.GetPageAsync("/tracking");
        Assert.Null(page.QuerySelector("table.trend"));
    }
}

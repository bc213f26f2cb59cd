using System.Net;
using AngleSharp.Html.Dom;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Seeding;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>The demo as README's reader gets it: the notice's situation (issue 15), a campaign in progress.</summary>
public class DemoProgressTests
{
    /// <summary>The demo with its campaign in progress, as <c>dotnet run</c> seeds it (the other tests turn it off).</summary>
    public sealed class DemoFactory : PortalFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:SeedDemoProgress"] = "true" };
    }

    [Fact]
    public async Task The_demo_has_two_campaigns_of_one_cohort_with_different_xuexin_states_and_students_at_every_state()
    {
        using var factory = new DemoFactory();
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var campaigns = await factory.WithDbAsync(db => db.Campaigns.AsNoTracking().Include(c => c.IntakeTypes).Where(c => c.ClosedAt == null).ToListAsync());
        Assert.Equal(2, campaigns.Count);
        Assert.All(campaigns, c => Assert.Equal(DemoSeeder.DemoCohort, c.Cohort));
        var upgrade = Assert.Single(campaigns, c => c.Name == DemoProgress.UpgradeCampaign);
        var regular = Assert.Single(campaigns, c => c.Name != DemoProgress.UpgradeCampaign);
        Assert.NotNull(upgrade.XuexinOpenedAt);
        Assert.Null(regular.XuexinOpenedAt);
        Assert.NotNull(regular.XuexinOpensAt);
        Assert.Equal([IntakeTypes.UpgradeToBachelor], upgrade.IntakeTypes.Select(t => t.IntakeType));
        Assert.False(upgrade.TargetsRemainingTypes);
        Assert.True(regular.TargetsRemainingTypes);

        var upgradeStudents = await factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().Where(c => c.Student.Class.Name == DemoProgress.UpgradeClass)
            .Select(c => new { c.CampaignId, c.Student.IntakeType, c.Student.LengthOfStudyTenths, College = c.Student.College.Name, c.XuexinState, c.State })
            .ToListAsync());
        Assert.True(upgradeStudents.Count >= 6);
        Assert.All(upgradeStudents, s => Assert.Equal((upgrade.Id, IntakeTypes.UpgradeToBachelor, 20, EconCollege), (s.CampaignId, s.IntakeType, s.LengthOfStudyTenths, s.College)));
        Assert.Equal(Enum.GetValues<XuexinState>().Order(), upgradeStudents.Select(s => s.XuexinState).Distinct().Order());
        Assert.Equal([CheckState.NotViewed, CheckState.Viewed, CheckState.Confirmed, CheckState.Reported], upgradeStudents.Select(s => s.State).Distinct().Order());

        var regularStates = await factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().Where(c => c.CampaignId == regular.Id)
            .Select(c => new { c.State, c.IsExempt, c.XuexinState }).ToListAsync());
        Assert.Equal(Enum.GetValues<CheckState>().Order(), regularStates.Select(s => s.State).Distinct().Order());
        Assert.Contains(regularStates, s => s.IsExempt);
        Assert.All(regularStates, s => Assert.Equal(XuexinState.NotChecked, s.XuexinState));
        // The reports behind the Reported and Resolved states, with where they were seen (one 学信网-only, verified).
        var reports = await factory.WithDbAsync(db => db.Reports.AsNoTracking().Select(r => new { r.CampaignId, r.SeenOn, r.Status, r.Field }).ToListAsync());
        Assert.Contains(reports, r => r.CampaignId == upgrade.Id && r.SeenOn == SeenOn.Xuexin && r.Status == ReportStatus.Verified);
        Assert.Contains(reports, r => r.CampaignId == upgrade.Id && r.SeenOn == SeenOn.Xuexin && r.Field == RecordField.Photo);
        Assert.Contains(reports, r => r.CampaignId == upgrade.Id && r.SeenOn == SeenOn.Both);

        // README's students are untouched: not viewed, and their initial passwords work.
        foreach (var (number, initial) in new[] { (DemoAccounts.Student1, DemoAccounts.Student1Initial), (DemoAccounts.Student2, DemoAccounts.Student2Initial) })
        {
            Assert.Equal(CheckState.NotViewed, await factory.WithDbAsync(db => db.StudentChecks.Where(c => c.Student.StudentNumber == number).Select(c => c.State).SingleAsync()));
            using var student = factory.NewClient();
            await student.SignInStudentWithOwnPasswordAsync(number, initial);
        }

        // The counselor's scope takes the 专升本 class: it is in the counselor's overview of the 专升本 campaign.
        var upgradeClass = await ClassIdAsync(factory, DemoProgress.UpgradeClass);
        var (response, overview) = await counselor.GetPageAsync($"/tracking?campaign={upgrade.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(upgradeStudents.Count, Row(overview, $"class-{upgradeClass}").Total);
        using var college = await StaffAsync(factory, DemoAccounts.College, DemoAccounts.CollegePassword);
        (response, _) = await college.GetPageAsync($"/tracking/classes/{upgradeClass}?campaign={upgrade.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Seeding again (a restart) changes nothing.
        var before = await factory.WithDbAsync(db => db.Students.CountAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        Assert.Equal(before, await factory.WithDbAsync(db => db.Students.CountAsync()));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Campaigns.CountAsync()));
    }

    private static int Xuexin(IHtmlDocument page, string unit, string state) =>
        int.Parse(page.QuerySelector($"table.xuexin-counts tr[data-unit='{unit}'] td[data-count='{state}']")!.TextContent.Trim());

    [Fact]
    public async Task Each_xuexin_state_is_counted_listed_exported_filtered_by_intake_type_and_kept_inside_the_scope()
    {
        using var factory = new DemoFactory();
        var upgrade = await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Name == DemoProgress.UpgradeCampaign).Select(c => c.Id).SingleAsync());
        var regular = await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Name != DemoProgress.UpgradeCampaign).Select(c => c.Id).SingleAsync());
        var upgradeClass = await ClassIdAsync(factory, DemoProgress.UpgradeClass);
        var economics = await CollegeIdAsync(factory, EconCollege);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var classUrl = $"/tracking/classes/{upgradeClass}?campaign={upgrade}";

        var (_, page) = await counselor.GetPageAsync(classUrl);
        var unit = $"class-{upgradeClass}";
        Assert.Equal((8, 3, 1, 1, 3), (Xuexin(page, unit, "Total"), Xuexin(page, unit, "NotChecked"), Xuexin(page, unit, "NotFound"), Xuexin(page, unit, "Correct"), Xuexin(page, unit, "Wrong")));
        Assert.Equal("3", page.QuerySelector("dl.xuexin-bars [data-xuexin='Wrong'] .count")!.TextContent.Trim());

        (_, page) = await counselor.GetPageAsync(classUrl + "&xuexin=NotFound");
        Assert.Equal(["2026013003"], Numbers(page));
        Assert.Contains("已注册但查不到学籍", page.QuerySelector("td.xuexin")!.TextContent);
        (_, page) = await counselor.GetPageAsync(classUrl + "&xuexin=portaldone");
        Assert.Equal(["2026013005"], Numbers(page));
        (_, page) = await counselor.GetPageAsync(classUrl + "&xuexin=Wrong");
        Assert.Equal(["2026013006", "2026013007", "2026013008"], Numbers(page));
        Assert.Contains("录取照片", page.QuerySelector("tr[data-number='2026013007'] td.xuexin")!.TextContent);

        // The export: one column per check, and what was wrong on 学信网.
        var export = await counselor.Http.GetAsync(page.QuerySelector("a#export")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using (var book = new XLWorkbook(await export.Content.ReadAsStreamAsync()))
        {
            var sheet = book.Worksheet(1);
            var header = sheet.Row(2).CellsUsed().Select(c => c.GetString()).ToList();
            var portal = header.IndexOf("核对状态") + 1;
            var xuexin = header.IndexOf("学信网核对") + 1;
            var wrong = header.IndexOf("学信网有误项目") + 1;
            Assert.True(portal > 0 && xuexin > 0 && wrong > 0);
            var rows = sheet.RowsUsed().Skip(2).ToDictionary(r => r.Cell(1).GetString());
            Assert.Equal(["2026013006", "2026013007", "2026013008"], rows.Keys.Order());
            Assert.Equal(("已报告错误", "学信网信息有误", "录取照片"), (rows["2026013007"].Cell(portal).GetString(), rows["2026013007"].Cell(xuexin).GetString(), rows["2026013007"].Cell(wrong).GetString()));
            Assert.Equal("政治面貌", rows["2026013006"].Cell(wrong).GetString());
        }

        // The intake type narrows the registrar's school totals.
        using var registrar = await StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        (_, page) = await registrar.GetPageAsync($"/tracking?campaign={upgrade}");
        Assert.Equal(8, Row(page, "total").Total);
        Assert.Equal(3, Xuexin(page, "total", "Wrong"));
        (_, page) = await registrar.GetPageAsync($"/tracking?campaign={upgrade}&intake={Uri.EscapeDataString(IntakeTypes.Regular)}");
        Assert.Equal(0, Row(page, "total").Total);
        (_, page) = await registrar.GetPageAsync($"/tracking?campaign={regular}&intake={Uri.EscapeDataString(IntakeTypes.Regular)}");
        Assert.Equal(39, Row(page, "total").Total);
        Assert.Equal(39, Xuexin(page, "total", "NotChecked"));
        (_, page) = await registrar.GetPageAsync($"/tracking/colleges/{economics}?campaign={upgrade}&intake={Uri.EscapeDataString(IntakeTypes.Regular)}");
        Assert.Equal(0, Matching(page));

        // Another college's 学信网 results stay out of reach (T50).
        using var counselor2 = await StaffAsync(factory, DemoAccounts.Counselor2, DemoAccounts.Counselor2Password);
        Assert.Equal(HttpStatusCode.NotFound, (await counselor2.Http.GetAsync(classUrl + "&xuexin=Wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await counselor2.Http.GetAsync($"/tracking/classes/{upgradeClass}/export?campaign={upgrade}")).StatusCode);
        using var college2 = await StaffAsync(factory, DemoAccounts.College2, DemoAccounts.College2Password);
        Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync($"/tracking/colleges/{economics}?campaign={upgrade}")).StatusCode);
        var student = await StudentIdAsync(factory, "2026013003");
        Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync($"/tracking/students/{student}?campaign={upgrade}")).StatusCode);
        (_, page) = await counselor.GetPageAsync($"/tracking/students/{student}?campaign={upgrade}");
        Assert.NotNull(page.QuerySelector("#xuexin-not-found-help"));
    }

    [Fact]
    public async Task A_xuexin_only_report_reaches_the_college_batch_and_its_excel_says_where_it_was_seen()
    {
        using var factory = new DemoFactory();
        var steps = new CorrectionSteps(factory);
        var report = await factory.WithDbAsync(db => db.Reports.Where(r => r.Student.StudentNumber == "2026013006").Select(r => new { r.Id, r.SeenOn, r.Status, r.ShownValue, r.ProposedValue, Portal = r.Student.PoliticalStatus }).SingleAsync());
        // 学信网 only: the portal already holds the value the report proposes.
        Assert.Equal((SeenOn.Xuexin, ReportStatus.Verified), (report.SeenOn, report.Status));
        Assert.Equal(report.Portal, report.ProposedValue);
        using var college = await steps.CollegeAsync();
        var batchId = await steps.SubmitBatchAsync(college, report.Id);
        using var registrar = await steps.RegistrarAsync();
        var export = await registrar.Http.GetAsync($"/batches/{batchId}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var book = new XLWorkbook(await export.Content.ReadAsStreamAsync());
        var sheet = book.Worksheet(1);
        var header = sheet.Row(3).CellsUsed().Select(c => c.GetString()).ToList();
        var seen = header.IndexOf("发现于") + 1;
        Assert.True(seen > 0, string.Join("|", header));
        var row = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == "2026013006");
        Assert.Equal("学信网", row.Cell(seen).GetString());
        Assert.Equal(report.ShownValue, row.Cell(header.IndexOf("原信息") + 1).GetString());
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Features.Shared;

namespace RegistryCheck.IntegrationTests.SubCohorts;

/// <summary>Sub-cohorts (issue 15): each student of a cohort is in exactly one open campaign, found through the own check.</summary>
public class SubCohortPlacementTests : IDisposable
{
    private readonly PortalFactory _factory = new();
    private readonly SubCohortKit _kit;

    public SubCohortPlacementTests() => _kit = new SubCohortKit(_factory);

    [Fact]
    public async Task A_zhuanshengben_student_and_a_freshman_of_one_cohort_land_in_different_campaigns()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2031);
        var upgrade = await _kit.AddStudentAsync(classId, SubCohortKit.Upgrade);
        var freshman = await _kit.AddStudentAsync(classId, RegistryCheck.Data.Rules.IntakeTypes.Regular);
        using var registrar = await _kit.RegistrarAsync();

        var upgradeCampaign = await _kit.CreateCampaignAsync(registrar, 2031, "2031级专升本学籍核对", [SubCohortKit.Upgrade]);
        var restCampaign = await _kit.CreateCampaignAsync(registrar, 2031, "2031级新生学籍核对");

        Assert.Equal(upgradeCampaign, (await _kit.OpenCheckAsync(upgrade.Id)).CampaignId);
        Assert.Equal(restCampaign, (await _kit.OpenCheckAsync(freshman.Id)).CampaignId);
        // One check each: the "every other type" campaign did not take the 专升本 student too.
        Assert.Equal(1, await _factory.WithDbAsync(db => db.StudentChecks.CountAsync(k => k.StudentId == upgrade.Id)));
        using var upgradeClient = await _kit.SignInAsync(upgrade);
        using var freshmanClient = await _kit.SignInAsync(freshman);
        var (_, upgradePage) = await upgradeClient.GetPageAsync("/me");
        var (_, freshmanPage) = await freshmanClient.GetPageAsync("/me");
        Assert.Equal("2031级专升本学籍核对", upgradePage.QuerySelector(".campaign")!.TextContent.Trim());
        Assert.Equal("2031级新生学籍核对", freshmanPage.QuerySelector(".campaign")!.TextContent.Trim());
    }

    [Fact]
    public async Task Narrowing_an_open_campaign_asks_for_confirmation_then_moves_the_students_with_their_history()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2032);
        var upgrade = await _kit.AddStudentAsync(classId, SubCohortKit.Upgrade);
        var freshman = await _kit.AddStudentAsync(classId, RegistryCheck.Data.Rules.IntakeTypes.Regular);
        using var registrar = await _kit.RegistrarAsync();
        var allTypes = await _kit.CreateCampaignAsync(registrar, 2032, "2032级新生学籍核对");
        using var student = await _kit.SignInAsync(upgrade);
        await student.GetPageAsync("/me");
        var reportId = await new CorrectionSteps(_factory).ReportAsync(student, upgrade.Id, RecordField.Ethnicity, "回族", "录取时民族填错");
        var viewedAt = (await _kit.OpenCheckAsync(upgrade.Id)).FirstViewedAt;
        Assert.NotNull(viewedAt);

        var unconfirmed = await _kit.PostCampaignAsync(registrar, 2032, "2032级专升本学籍核对", [SubCohortKit.Upgrade]);

        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        var form = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await unconfirmed.Content.ReadAsStringAsync());
        Assert.Contains("新核对将从进行中的核对转入 1 名学生", form.Body!.TextContent);
        Assert.NotNull(form.QuerySelector("input[type=checkbox][name=ConfirmMoves]"));
        Assert.False(await _factory.WithDbAsync(db => db.Campaigns.AnyAsync(c => c.Name == "2032级专升本学籍核对")));
        Assert.Equal(allTypes, (await _kit.OpenCheckAsync(upgrade.Id)).CampaignId);

        var confirmed = await _kit.PostCampaignAsync(registrar, 2032, "2032级专升本学籍核对", [SubCohortKit.Upgrade], confirmMoves: true);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var (_, details) = await registrar.FollowAsync(confirmed);
        Assert.Contains("1 名学生从其他核对转入", details.QuerySelector(".flash")!.TextContent);
        var moved = await _kit.OpenCheckAsync(upgrade.Id);
        Assert.Equal("2032级专升本学籍核对", moved.Campaign.Name);
        Assert.Equal(allTypes, moved.MovedFromCampaignId);
        Assert.Equal(viewedAt, moved.FirstViewedAt);
        Assert.Equal(CheckState.Reported, moved.State);
        Assert.Equal(allTypes, (await _kit.OpenCheckAsync(freshman.Id)).CampaignId);
        var report = await new CorrectionSteps(_factory).ReportRowAsync(reportId);
        Assert.Equal(moved.CampaignId, report.CampaignId);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Contains(report.History, h => h.Note == string.Format(System.Globalization.CultureInfo.InvariantCulture, CampaignTargeting.MovedNote, "2032级专升本学籍核对"));

        // The student sees the new campaign, the report still there, and why it moved.
        var (_, me) = await student.GetPageAsync("/me");
        Assert.Equal("2032级专升本学籍核对", me.QuerySelector(".campaign")!.TextContent.Trim());
        var shown = me.QuerySelectorAll("#reports article.report").Single();
        Assert.Contains("随学生转入核对「2032级专升本学籍核对」", shown.QuerySelector("ol.history")!.TextContent);
    }

    [Fact]
    public async Task Changing_a_students_intake_type_moves_them_to_the_right_open_campaign_with_their_reports_and_is_audited()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2038);
        var student = await _kit.AddStudentAsync(classId, RegistryCheck.Data.Rules.IntakeTypes.Regular);
        using var registrar = await _kit.RegistrarAsync();
        var upgradeCampaign = await _kit.CreateCampaignAsync(registrar, 2038, "2038级专升本学籍核对", [SubCohortKit.Upgrade]);
        var restCampaign = await _kit.CreateCampaignAsync(registrar, 2038, "2038级新生学籍核对");
        using var client = await _kit.SignInAsync(student);
        await client.GetPageAsync("/me");
        var reportId = await new CorrectionSteps(_factory).ReportAsync(client, student.Id, RecordField.Ethnicity, "回族", "录取时民族填错");
        Assert.Equal(restCampaign, (await _kit.OpenCheckAsync(student.Id)).CampaignId);

        var response = await registrar.PostAsync($"/campaigns/{restCampaign}/student-intake-type", $"/campaigns/{restCampaign}",
            ("StudentNumber", student.StudentNumber), ("IntakeType", "专接本"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, details) = await registrar.FollowAsync(response);
        Assert.Contains("入学类别已修改", details.QuerySelector(".flash")!.TextContent);
        // "专接本" is a variant of the table's 专升本.
        Assert.Equal(SubCohortKit.Upgrade, await _factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.IntakeType).SingleAsync()));
        var moved = await _kit.OpenCheckAsync(student.Id);
        Assert.Equal((upgradeCampaign, restCampaign, CheckState.Reported), (moved.CampaignId, moved.MovedFromCampaignId, moved.State));
        Assert.NotNull(moved.FirstViewedAt);
        var report = await new CorrectionSteps(_factory).ReportRowAsync(reportId);
        Assert.Equal(upgradeCampaign, report.CampaignId);
        Assert.Contains(report.History, h => h.Note?.Contains("2038级专升本学籍核对", StringComparison.Ordinal) == true);
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.TargetType == "student" && a.TargetId == student.Id.ToString()
            && a.Details == $"intake-type-changed from=普通本科 to=专升本 moved-to-campaign={upgradeCampaign} checks-created=0")));
        var (_, me) = await client.GetPageAsync("/me");
        Assert.Equal("2038级专升本学籍核对", me.QuerySelector(".campaign")!.TextContent.Trim());

        var again = await registrar.PostAsync($"/campaigns/{restCampaign}/student-intake-type", $"/campaigns/{restCampaign}",
            ("StudentNumber", student.StudentNumber), ("IntakeType", "专升本"));
        var (_, refused) = await registrar.FollowAsync(again);
        Assert.Contains("该学生的入学类别已是“专升本”", refused.QuerySelector(".flash")!.TextContent);
        var student2 = await AdminTestData.AddStudentsAsync(_factory, await AdminTestData.AddClassAsync(_factory, 2039), 1);
        var number = await _factory.WithDbAsync(db => db.Students.Where(s => s.Id == student2[0]).Select(s => s.StudentNumber).SingleAsync());
        var otherCohort = await registrar.PostAsync($"/campaigns/{restCampaign}/student-intake-type", $"/campaigns/{restCampaign}",
            ("StudentNumber", number), ("IntakeType", "专升本"));
        var (_, wrongCohort) = await registrar.FollowAsync(otherCohort);
        Assert.Contains("本次核对的年级中没有这个学号", wrongCohort.QuerySelector(".flash")!.TextContent);
    }

    public void Dispose() => _factory.Dispose();
}

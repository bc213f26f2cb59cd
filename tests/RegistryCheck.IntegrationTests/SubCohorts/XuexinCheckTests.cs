using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.SubCohorts;

/// <summary>The 学信网 check beside the portal's (issue 15): its window, its late marking, and reports seen only on 学信网.</summary>
public class XuexinCheckTests : IDisposable
{
    private readonly PortalFactory _factory = new();
    private readonly SubCohortKit _kit;

    public XuexinCheckTests() => _kit = new SubCohortKit(_factory);

    private DateTimeOffset Now => _factory.Clock.GetUtcNow();

    private async Task<(TestStudent Student, PortalClient Client, PortalClient Registrar, int CampaignId)> UpgradeStudentAsync(
        int cohort, bool open, DateTimeOffset? xuexinDeadline = null, DateTimeOffset? xuexinOpensAt = null)
    {
        var classId = await AdminTestData.AddClassAsync(_factory, cohort);
        var student = await _kit.AddStudentAsync(classId, SubCohortKit.Upgrade);
        var registrar = await _kit.RegistrarAsync();
        var campaignId = await _kit.CreateCampaignAsync(registrar, cohort, $"{cohort}级专升本学籍核对", [SubCohortKit.Upgrade],
            xuexinDeadline: xuexinDeadline, xuexinOpensAt: xuexinOpensAt);
        if (open)
        {
            await _kit.OpenXuexinAsync(registrar, campaignId);
        }

        return (student, await _kit.SignInAsync(student), registrar, campaignId);
    }

    [Fact]
    public async Task The_xuexin_check_cannot_be_recorded_before_the_registrar_opens_it_and_the_student_sees_when_and_why()
    {
        var planned = Now.AddDays(10);
        var (student, client, registrar, campaignId) = await UpgradeStudentAsync(2033, open: false, xuexinOpensAt: planned);
        using var _ = client;
        using var __ = registrar;

        var (_, me) = await client.GetPageAsync("/me");
        var notOpen = me.QuerySelector("#xuexin .xuexin-not-open")!.TextContent;
        Assert.Contains("学信网需要先上传本批新生的录取数据", notOpen);
        Assert.Contains("预计开放时间：" + planned.ToOffset(AdminTestData.Beijing).ToString("g", System.Globalization.CultureInfo.GetCultureInfo("zh-CN")), notOpen);
        Assert.Null(me.QuerySelector("form.xuexin-form"));

        var refused = await SubCohortKit.RecordXuexinAsync(client, infoCorrect: true, photoCorrect: true);

        Assert.Contains("学信网核对尚未开放", CorrectionSteps.Flash(refused));
        var check = await _kit.OpenCheckAsync(student.Id);
        Assert.Equal(XuexinState.NotChecked, check.XuexinState);
        Assert.Null(check.XuexinRecordedAt);

        await _kit.OpenXuexinAsync(registrar, campaignId);
        var recorded = await SubCohortKit.RecordXuexinAsync(client, infoCorrect: true, photoCorrect: true);

        Assert.Contains("学信网核对结果已保存", CorrectionSteps.Flash(recorded));
        Assert.Equal("学信网核对无误", recorded.QuerySelector("#xuexin .state")!.TextContent.Trim());
        check = await _kit.OpenCheckAsync(student.Id);
        Assert.Equal(XuexinState.Correct, check.XuexinState);
        Assert.False(check.XuexinIsLate);
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.TargetId == check.Id.ToString() && a.Details == "state=Correct;late=False")));
    }

    [Fact]
    public async Task After_its_deadline_a_xuexin_result_is_kept_and_marked_late_and_after_closing_it_is_refused_with_a_message()
    {
        var (student, first, registrar, campaignId) = await UpgradeStudentAsync(2034, open: true, xuexinDeadline: Now.AddDays(3));
        first.Dispose();
        registrar.Dispose();
        _factory.Clock.Advance(TimeSpan.FromDays(4));
        // Days later the student signs in again (the first session has long expired).
        using var client = _factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026")).StatusCode);

        var (_, before) = await client.GetPageAsync("/me");
        Assert.Contains("学信网核对已截止：仍可记录，将标记为逾期。", before.QuerySelector("#xuexin")!.TextContent);
        var late = await SubCohortKit.RecordXuexinAsync(client, infoCorrect: true, photoCorrect: false);

        Assert.Contains("已保存并标记为逾期", CorrectionSteps.Flash(late));
        Assert.Contains("逾期提交", late.QuerySelector("#xuexin .tag.warn")!.TextContent);
        var check = await _kit.OpenCheckAsync(student.Id);
        Assert.Equal(XuexinState.Wrong, check.XuexinState);
        Assert.True(check.XuexinIsLate);
        Assert.False(check.XuexinPhotoCorrect);

        using var registrarNow = await _kit.RegistrarAsync();
        await _kit.CloseAsync(registrarNow, campaignId);
        var closed = await SubCohortKit.RecordXuexinAsync(client, infoCorrect: true, photoCorrect: true);

        Assert.Contains("核对已关闭，不能再记录学信网核对结果", CorrectionSteps.Flash(closed));
        var kept = await _factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().SingleAsync(k => k.StudentId == student.Id));
        Assert.Equal(XuexinState.Wrong, kept.XuexinState);
        Assert.Equal(check.XuexinRecordedAt, kept.XuexinRecordedAt);
    }

    [Fact]
    public async Task A_xuexin_only_report_records_what_xuexin_shows_and_may_propose_the_portals_own_value()
    {
        var (student, client, registrar, campaignId) = await UpgradeStudentAsync(2035, open: true);
        using var _ = client;
        using var __ = registrar;
        var page = await SubCohortKit.RecordXuexinAsync(client, infoCorrect: false, photoCorrect: true, RecordField.Ethnicity);
        var link = page.QuerySelector("#xuexin .xuexin-report a.report-link")!.GetAttribute("href")!;
        Assert.Equal("/me/report?field=Ethnicity&seenOn=Xuexin", link);
        var (_, form) = await client.GetPageAsync(link);
        Assert.NotNull(form.QuerySelector("input[name=SeenOn][value=Xuexin][checked]"));

        // The portal already shows 汉族: proposing it is the point of a 学信网-only report, not "the same as the current value".
        var response = await client.PostMultipartAsync("/me/report", link,
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("SeenOn", "Xuexin"), ("XuexinValue", "回族"), ("ProposedValue", "汉族"), ("Reason", "学信网上民族显示错误")], []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var report = await _factory.WithDbAsync(db => db.Reports.AsNoTracking().SingleAsync(r => r.StudentId == student.Id));
        Assert.Equal((SeenOn.Xuexin, "回族", "汉族", campaignId), (report.SeenOn, report.ShownValue, report.ProposedValue, report.CampaignId));
        var (_, me) = await client.GetPageAsync("/me");
        var shown = me.QuerySelector("#reports article.report")!;
        Assert.Contains("发现于：学信网", shown.QuerySelector(".seen-on")!.TextContent);
        Assert.Equal("汉族", await _factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Ethnicity).SingleAsync()));
    }

    [Fact]
    public async Task The_same_proposal_seen_on_the_portal_is_refused_as_the_current_value_and_a_xuexin_value_equal_to_the_proposal_is_refused()
    {
        var (_, client, registrar, _) = await UpgradeStudentAsync(2036, open: true);
        using var _c = client;
        using var _r = registrar;

        var portal = await client.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("SeenOn", "Portal"), ("ProposedValue", "汉族"), ("Reason", "x")], []);
        var xuexin = await client.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("SeenOn", "Xuexin"), ("XuexinValue", "回族"), ("ProposedValue", "回族"), ("Reason", "x")], []);

        Assert.Contains("正确的信息与当前信息相同", await portal.Content.ReadAsStringAsync());
        Assert.Contains("正确的信息与学信网上显示的信息相同", await xuexin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_xuexin_photo_error_becomes_a_photo_report_tagged_xuexin()
    {
        var (student, client, registrar, _) = await UpgradeStudentAsync(2037, open: true);
        using var _c = client;
        using var _r = registrar;
        var page = await SubCohortKit.RecordXuexinAsync(client, infoCorrect: true, photoCorrect: false);
        Assert.Equal("学信网信息有误", page.QuerySelector("#xuexin .state")!.TextContent.Trim());
        var link = page.QuerySelector("#xuexin .xuexin-report a.report-link")!.GetAttribute("href")!;
        Assert.Equal("/me/report?field=Photo&seenOn=Xuexin", link);

        var response = await client.PostMultipartAsync("/me/report", link,
            [("Field", "Photo"), ("SeenOn", "Xuexin"), ("ProposedValue", "学信网上的照片不是本人"), ("Reason", "照片错误")], []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var report = await _factory.WithDbAsync(db => db.Reports.AsNoTracking().SingleAsync(r => r.StudentId == student.Id));
        Assert.Equal((RecordField.Photo, SeenOn.Xuexin), (report.Field, report.SeenOn));
    }

    [Fact]
    public async Task The_help_page_links_the_xuexin_steps_and_answers_registered_but_no_record_found()
    {
        using var client = _factory.NewClient();

        var (response, help) = await client.GetPageAsync("/help");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(help.QuerySelector("#xuexin ~ p.xuexin-links a[href='https://www.chsi.com.cn']"));
        Assert.Contains("学信档案 → 高等教育信息 → 学籍", help.QuerySelector("p.xuexin-path")!.TextContent);
        var faq = help.QuerySelector("#xuexin-not-found")!;
        Assert.Equal("已注册学信网，但查不到本人学籍？", faq.TextContent.Trim());
        Assert.Equal(RegistryCheck.Web.Features.Shared.XuexinLabels.NotFoundHelp, faq.NextElementSibling!.TextContent.Trim());
    }

    public void Dispose() => _factory.Dispose();
}

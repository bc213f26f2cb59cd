using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>The registrar's per-campaign texts (issue 17): what is saved is what the student receives, on its channel only.</summary>
public sealed class MessageTemplateEditorTests
{
    private const string Subject = "【教务处】请完成学籍核对";
    private const string Body = "{姓名}同学：教务处提醒你在{截止时间}前完成学籍核对，入口：{链接}（本提醒由系统发送）";

    [Fact]
    public async Task A_saved_email_template_is_what_the_student_receives_over_smtp()
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings()));
        var campaignId = await CampaignIdAsync(portal);
        var registrar = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        var (_, editor) = await registrar.GetPageAsync(EditorUrl(campaignId, "Nudge", "Email"));
        Assert.Contains("系统内置文本", editor.QuerySelector("#template-state")!.TextContent);
        var saved = await SaveAsync(registrar, campaignId, "Nudge", "Email", Subject, Body, Version(editor));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, after) = await registrar.FollowAsync(saved);
        Assert.Contains("消息文本已保存", after.QuerySelector(".flash.ok")?.TextContent);
        Assert.Contains("修改后的文本", after.QuerySelector("#template-state")!.TextContent);
        Assert.Contains("李明同学：教务处提醒你", after.QuerySelector(".preview-body")!.TextContent);
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "message-template-saved")));

        await NudgeAsync(portal, DemoAccounts.Student1, "Email");
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal([$"{DemoAccounts.Student1}@stu.example.edu.cn"], mail.To);
        Assert.Equal(Subject, mail.Message.Subject);
        var text = Assert.IsType<TextPart>(mail.Message.Body).Text;
        Assert.StartsWith("李明轩同学：教务处提醒你在", text);
        Assert.Contains("入口：https://xjhd.example.edu.cn/（本提醒由系统发送）", text);
        Assert.DoesNotContain("{", text);
    }

    [Fact]
    public async Task A_WeCom_override_is_used_for_WeCom_only_and_email_keeps_the_built_in_text()
    {
        using var smtp = SmtpTestServer.Start();
        await using var wecom = WeComStandIn.Start(DemoAccounts.Student1, DemoAccounts.Student2);
        var settings = new Dictionary<string, string?>(smtp.Settings());
        foreach (var (k, v) in wecom.Settings())
        {
            settings[k] = v;
        }

        using var portal = new NotifyingPortal(NotifyingPortal.With(settings));
        wecom.UseClock(portal.Clock);
        var campaignId = await CampaignIdAsync(portal);
        var registrar = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var (_, editor) = await registrar.GetPageAsync(EditorUrl(campaignId, "Nudge", "WeCom"));
        Assert.Null(editor.QuerySelector("#Subject"));
        var saved = await SaveAsync(registrar, campaignId, "Nudge", "WeCom", null, "企业微信提醒：{姓名}，请在{截止时间}前核对学籍 {链接}", Version(editor));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await NudgeAsync(portal, DemoAccounts.Student1, "WeCom");
        await NudgeAsync(portal, DemoAccounts.Student2, "Email");
        for (var i = 0; i < 150 && wecom.Delivered.Count < 1; i++)
        {
            await Task.Delay(100);
        }

        var delivery = Assert.Single(wecom.Delivered);
        Assert.Equal(DemoAccounts.Student1, delivery.ToUser);
        Assert.StartsWith("企业微信提醒：李明轩，请在", delivery.Content);
        Assert.Contains("核对学籍 https://xjhd.example.edu.cn/", delivery.Content);
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("学籍信息核对提醒", mail.Message.Subject);
        var text = Assert.IsType<TextPart>(mail.Message.Body).Text;
        Assert.Contains("同学：你的新生学籍信息尚未完成核对", text);
        Assert.DoesNotContain("企业微信提醒", text);
    }

    [Theory]
    [InlineData("Nudge", "{姓名}同学，学号{学号}，请登录 {链接}", "未知的占位符 {学号}")]
    [InlineData("Nudge", "{姓名同学，请登录 {链接}", "“{姓名同学，请登录 ”缺少右花括号")]
    [InlineData("Nudge", "{姓名}同学} 请登录 {链接}", "多余的右花括号（第 7 个字符）")]
    [InlineData("Nudge", "{姓名}同学，请<a href=\"{链接}\">登录</a>", "不能包含 < 或 >")]
    [InlineData("Nudge", "{姓名}同学，请尽快登录系统核对。", "正文必须包含占位符 {链接}")]
    [InlineData("Nudge", "{姓名}同学，验证码 {验证码}，请登录 {链接}", "占位符 {验证码} 不能用于这类消息")]
    [InlineData("ReportCorrected", "{姓名}同学，原因：{原因}，请登录 {链接}", "占位符 {原因} 不能用于这类消息")]
    [InlineData("PasswordReset", "{姓名}同学，你的密码已重置，请登录 {链接}", "正文必须包含占位符 {验证码}")]
    public async Task A_bad_template_is_refused_with_a_message_naming_the_problem_and_nothing_is_stored(string kind, string body, string message)
    {
        using var portal = new NotifyingPortal(new Dictionary<string, string?>());
        var campaignId = await CampaignIdAsync(portal);
        var registrar = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var (_, editor) = await registrar.GetPageAsync(EditorUrl(campaignId, kind, "Email"));

        var refused = await SaveAsync(registrar, campaignId, kind, "Email", "标题", body, Version(editor));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var (_, page) = await registrar.FollowAsync(refused);
        Assert.Contains(message, page.QuerySelector("form#template-form")!.TextContent);
        Assert.Equal(0, await portal.WithDbAsync(db => db.MessageTemplates.CountAsync()));
        Assert.Equal(0, await portal.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "message-template-saved")));
    }

    [Fact]
    public async Task A_preview_renders_the_typed_text_with_sample_values_and_the_id_number_guard_and_stores_nothing()
    {
        using var portal = new NotifyingPortal(NotifyingPortal.With(new Dictionary<string, string?>(), worker: false));
        var campaignId = await CampaignIdAsync(portal);
        var registrar = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var (_, editor) = await registrar.GetPageAsync(EditorUrl(campaignId, "ReportReturned", "Email"));
        Assert.Contains("{原因}", editor.QuerySelector(".builtin-body")!.TextContent);

        var response = await registrar.PostFormAsync($"/notifications/campaigns/{campaignId}/templates",
            [new("Kind", "ReportReturned"), new("Channel", "Email"), new("Language", "zh-CN"), new("Version", ""), new("intent", "preview"),
             new("Subject", "{姓名}：请补充"), new("Body", "{姓名}同学（证件号 430104200803151230）：{原因}。{链接}")],
            EditorUrl(campaignId, "ReportReturned", "Email"));
        var (_, page) = await registrar.FollowAsync(response);
        Assert.Equal("李明：请补充", page.QuerySelector(".preview-subject")!.TextContent.Trim());
        var preview = page.QuerySelector(".preview-body")!.TextContent;
        Assert.Contains("李明同学（证件号 **************1230）：请上传户口簿本人页的照片。https://xjhd.example.edu.cn/", preview);
        Assert.DoesNotContain("430104200803151230", preview);
        Assert.Equal(0, await portal.WithDbAsync(db => db.MessageTemplates.CountAsync()));
    }

    [Theory]
    [InlineData("counselor", "Counselor@2026")]
    [InlineData("college", "College@2026")]
    public async Task Counselors_and_college_administrators_cannot_open_or_save_the_messaging_pages(string user, string password)
    {
        using var portal = new NotifyingPortal(new Dictionary<string, string?>());
        var campaignId = await CampaignIdAsync(portal);
        var staff = await TrackingKit.StaffAsync(portal, user, password);
        foreach (var url in new[] { $"/notifications/campaigns/{campaignId}", EditorUrl(campaignId, "Nudge", "Email") })
        {
            var response = await staff.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
        }

        var token = await staff.TokenFromAsync("/account/password");
        foreach (var url in new[] { "templates", "templates/reset", "settings" })
        {
            var response = await staff.Http.PostAsync($"/notifications/campaigns/{campaignId}/{url}", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new("Kind", "Nudge"), new("Channel", "Email"), new("Language", "zh-CN"),
                 new("Subject", Subject), new("Body", Body), new("ReminderDaysBefore", "3,1"), new("Version", "0")]));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
        }

        Assert.Equal(0, await portal.WithDbAsync(db => db.MessageTemplates.CountAsync()));
        Assert.Equal(0, await portal.WithDbAsync(db => db.CampaignMessaging.CountAsync()));
    }

    [Fact]
    public async Task A_save_or_reset_from_a_stale_page_is_refused_and_two_first_saves_at_once_store_one_text()
    {
        using var portal = new NotifyingPortal(new Dictionary<string, string?>());
        var campaignId = await CampaignIdAsync(portal);
        var a = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var b = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var url = EditorUrl(campaignId, "Nudge", "Email");

        // Both open the built-in text and save at once: one text is stored, the other save is told.
        var (_, pageA) = await a.GetPageAsync(url);
        var (_, pageB) = await b.GetPageAsync(url);
        var both = await Task.WhenAll(
            SaveAsync(a, campaignId, "Nudge", "Email", "甲的标题", Body, Version(pageA)),
            SaveAsync(b, campaignId, "Nudge", "Email", "乙的标题", Body, Version(pageB)));
        var flashes = new List<string>();
        foreach (var (client, response) in new[] { (a, both[0]), (b, both[1]) })
        {
            var (_, followed) = await client.FollowAsync(response);
            flashes.Add(followed.QuerySelector(".flash")!.ClassName + followed.QuerySelector(".flash")!.TextContent);
        }

        Assert.Single(flashes, f => f.Contains("消息文本已保存"));
        Assert.Single(flashes, f => f.Contains("其他人刚刚修改了这段文本"));
        var stored = await portal.WithDbAsync(db => db.MessageTemplates.AsNoTracking().SingleAsync());
        Assert.Equal(0, stored.Version);

        // Both open version 0; A saves (version 1); B's save and B's reset of version 0 are refused.
        (_, pageA) = await a.GetPageAsync(url);
        (_, pageB) = await b.GetPageAsync(url);
        Assert.Equal("0", Version(pageB));
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(a, campaignId, "Nudge", "Email", "甲改过", Body, Version(pageA))).StatusCode);
        var stale = await SaveAsync(b, campaignId, "Nudge", "Email", "乙覆盖", Body, Version(pageB));
        var (_, staleView) = await b.FollowAsync(stale);
        Assert.Contains("其他人刚刚修改了这段文本", staleView.QuerySelector(".flash.error")?.TextContent);
        Assert.Equal("甲改过", staleView.QuerySelector("#Subject")!.GetAttribute("value"));
        var reset = await b.PostFormAsync($"/notifications/campaigns/{campaignId}/templates/reset",
            [new("Kind", "Nudge"), new("Channel", "Email"), new("Language", "zh-CN"), new("Version", Version(pageB))], url);
        var (_, resetView) = await b.FollowAsync(reset);
        Assert.Contains("其他人刚刚修改了这段文本", resetView.QuerySelector(".flash.error")?.TextContent);
        stored = await portal.WithDbAsync(db => db.MessageTemplates.AsNoTracking().SingleAsync());
        Assert.Equal(("甲改过", 1), (stored.Subject, stored.Version));

        // From the current page the reset works, and the built-in text is back.
        reset = await b.PostFormAsync($"/notifications/campaigns/{campaignId}/templates/reset",
            [new("Kind", "Nudge"), new("Channel", "Email"), new("Language", "zh-CN"), new("Version", Version(resetView))], url);
        (_, resetView) = await b.FollowAsync(reset);
        Assert.Contains("系统内置文本", resetView.QuerySelector("#template-state")!.TextContent);
        Assert.Equal(0, await portal.WithDbAsync(db => db.MessageTemplates.CountAsync()));
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditLog.CountAsync(x => x.Action == "message-template-reset")));
    }

    internal static string EditorUrl(int campaignId, string kind, string channel, string language = "zh-CN") =>
        $"/notifications/campaigns/{campaignId}/templates?kind={kind}&channel={channel}&language={language}";

    internal static string Version(IHtmlDocument page) =>
        page.QuerySelector("#template-form input[name=Version]")?.GetAttribute("value") ?? "";

    internal static Task<int> CampaignIdAsync(PortalFactory portal) =>
        portal.WithDbAsync(db => db.Campaigns.Where(c => c.ClosedAt == null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    private static Task<HttpResponseMessage> SaveAsync(PortalClient client, int campaignId, string kind, string channel, string? subject, string body, string version) =>
        client.PostFormAsync($"/notifications/campaigns/{campaignId}/templates",
            [new("Kind", kind), new("Channel", channel), new("Language", "zh-CN"), new("Version", version), new("intent", "save"),
             new("Subject", subject ?? ""), new("Body", body)],
            EditorUrl(campaignId, kind, channel));

    /// <summary>The counselor's one-student send on a channel, as on the class list.</summary>
    private static async Task NudgeAsync(PortalFactory portal, string number, string channel)
    {
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var studentId = await TrackingKit.StudentIdAsync(portal, number);
        var counselor = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var planUrl = $"/tracking/classes/{classId}/message?s={studentId}";
        var (_, plan) = await counselor.GetPageAsync(planUrl);
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var sent = await counselor.PostFormAsync(action, [new("Channel", channel), new("S", studentId.ToString())], planUrl);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
    }
}

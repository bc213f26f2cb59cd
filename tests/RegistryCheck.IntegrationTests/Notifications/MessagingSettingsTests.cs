using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>A campaign's reminder steps and SMS cap (issue 17), set by the registrar on the campaign's messaging page.</summary>
public sealed class MessagingSettingsTests
{
    [Fact]
    public async Task The_registrar_sees_the_settings_fallback_saves_steps_and_a_cap_and_bad_values_are_refused()
    {
        using var portal = new NotifyingPortal(new Dictionary<string, string?>
        {
            ["Notifications:Reminders:DaysBefore"] = "3,1",
            ["Notifications:Sms:CapPerCampaign"] = "500",
            ["Notifications:Sms:Templates:Nudge"] = "SMS_123456",
        });
        var campaignId = await MessageTemplateEditorTests.CampaignIdAsync(portal);
        var registrar = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var url = $"/notifications/campaigns/{campaignId}";
        var (_, page) = await registrar.GetPageAsync(url);
        Assert.Contains("提前 3,1 天", page.QuerySelector("#fallback-reminder")!.TextContent);
        Assert.Contains("不提醒", page.QuerySelector("#fallback-xuexin")!.TextContent);
        Assert.Contains("500", page.QuerySelector("#sms-used")!.TextContent);
        Assert.Equal("SMS_123456", page.QuerySelector("table.sms-codes tr[data-kind=Nudge] td.sms-code")!.TextContent.Trim());
        Assert.Equal("未配置", page.QuerySelector("table.sms-codes tr[data-kind=ReportReturned] td.sms-code")!.TextContent.Trim());
        // Every kind in e-mail and WeCom, in Chinese and English — the summary reminder, for college administrators
        // (no WeCom id), in e-mail only; SMS is never in the list.
        Assert.Equal((Enum.GetValues<MessageKind>().Length - 1) * 4 + 2, page.QuerySelectorAll("table.message-templates tbody tr").Length);
        Assert.Empty(page.QuerySelectorAll("table.message-templates tr[data-kind=SummaryReminder][data-channel=WeCom]"));
        Assert.Empty(page.QuerySelectorAll("table.message-templates tr[data-channel=Sms]"));

        foreach (var (field, value, message) in new[]
        {
            ("ReminderDaysBefore", "0", "“0”不是 1 到 60 之间的天数"),
            ("ReminderDaysBefore", "61", "“61”不是 1 到 60 之间的天数"),
            ("XuexinReminderDaysBefore", "3,3", "提醒天数不能重复"),
            ("SummaryReminderDaysBefore", "1,2,3,4,5,6", "最多设置 5 次提醒"),
            ("SmsCap", "-1", "短信上限应为 0 或正整数"),
        })
        {
            var refused = await registrar.PostFormAsync($"{url}/settings", [new("Version", "0"), new(field, value)], url);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var (_, shown) = await registrar.FollowAsync(refused);
            Assert.Contains(message, shown.QuerySelector("#settings-form")!.TextContent);
        }

        Assert.Equal(0, await portal.WithDbAsync(db => db.CampaignMessaging.CountAsync()));

        var saved = await registrar.PostFormAsync($"{url}/settings",
            [new("Version", "0"), new("ReminderDaysBefore", "1, 7，3"), new("XuexinReminderOff", "true"), new("SmsCap", "20")], url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var row = await portal.WithDbAsync(db => db.CampaignMessaging.AsNoTracking().SingleAsync(m => m.CampaignId == campaignId));
        Assert.Equal(("7,3,1", "", (string?)null, (int?)20, 1), (row.ReminderDaysBefore, row.XuexinReminderDaysBefore, row.SummaryReminderDaysBefore, row.SmsCap, row.Version));
        Assert.Equal(1, await portal.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "messaging-settings-changed" && a.TargetId == campaignId.ToString())));
        (_, page) = await registrar.GetPageAsync(url);
        Assert.Equal("7,3,1", page.QuerySelector("#ReminderDaysBefore")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name=XuexinReminderOff][checked]"));

        // Sends reserved 12 SMS meanwhile (SmsBudget's conditional UPDATE, which does not touch the version): a cap of 10 is refused.
        await portal.WithDbAsync(db => db.CampaignMessaging.Where(m => m.CampaignId == campaignId).ExecuteUpdateAsync(s => s.SetProperty(m => m.SmsReserved, 12)));
        var below = await registrar.PostFormAsync($"{url}/settings", [new("Version", "1"), new("ReminderDaysBefore", "7,3,1"), new("SmsCap", "10")], url);
        var (_, belowPage) = await registrar.FollowAsync(below);
        Assert.Contains("短信上限不能低于本核对已预留的 12 条", belowPage.QuerySelector("#settings-form")!.TextContent);
        Assert.Equal(20, await portal.WithDbAsync(db => db.CampaignMessaging.Where(m => m.CampaignId == campaignId).Select(m => m.SmsCap).SingleAsync()));
    }

    [Fact]
    public async Task A_save_from_a_stale_page_is_refused_and_two_first_saves_at_once_leave_one_row()
    {
        using var portal = new NotifyingPortal(new Dictionary<string, string?>());
        var campaignId = await MessageTemplateEditorTests.CampaignIdAsync(portal);
        var a = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var b = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var url = $"/notifications/campaigns/{campaignId}";

        var both = await Task.WhenAll(
            a.PostFormAsync($"{url}/settings", [new("Version", "0"), new("ReminderDaysBefore", "5")], url),
            b.PostFormAsync($"{url}/settings", [new("Version", "0"), new("ReminderDaysBefore", "2")], url));
        var texts = new List<string>();
        foreach (var (client, response) in new[] { (a, both[0]), (b, both[1]) })
        {
            var (_, followed) = await client.FollowAsync(response);
            texts.Add(followed.QuerySelector(".flash")!.TextContent);
        }

        Assert.Single(texts, t => t.Contains("提醒和短信设置已保存"));
        Assert.Single(texts, t => t.Contains("其他人刚刚修改了这些设置"));
        var row = await portal.WithDbAsync(db => db.CampaignMessaging.AsNoTracking().SingleAsync());
        Assert.Equal(1, row.Version);

        // Both pages now show version 1; A saves, B's later save of version 1 is refused and A's steps stay.
        Assert.Equal(HttpStatusCode.Redirect, (await a.PostFormAsync($"{url}/settings", [new("Version", "1"), new("ReminderDaysBefore", "10")], url)).StatusCode);
        var stale = await b.PostFormAsync($"{url}/settings", [new("Version", "1"), new("ReminderDaysBefore", "4")], url);
        var (_, page) = await b.FollowAsync(stale);
        Assert.Contains("其他人刚刚修改了这些设置", page.QuerySelector(".flash.error")?.TextContent);
        row = await portal.WithDbAsync(db => db.CampaignMessaging.AsNoTracking().SingleAsync());
        Assert.Equal(("10", 2), (row.ReminderDaysBefore, row.Version));
    }
}

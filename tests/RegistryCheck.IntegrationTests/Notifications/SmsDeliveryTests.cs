using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>The Aliyun SMS channel through the outbox, against the local stand-in that checks the signature (issue 17).</summary>
public sealed class SmsDeliveryTests
{
    [Fact]
    public async Task Counselor_confirms_the_sms_count_and_the_gateway_gets_a_signed_request_with_the_approved_template()
    {
        await using var sms = SmsStandIn.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(WithCap(sms.Settings(), 10)));
        sms.UseClock(portal.Clock);
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var one = await TrackingKit.StudentIdAsync(portal, DemoAccounts.Student1);
        var two = await TrackingKit.StudentIdAsync(portal, DemoAccounts.Student2);
        await SetPhonesAsync(portal, (one, "13812345678"), (two, "13912345678"));
        var client = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var planUrl = $"/tracking/classes/{classId}/message?s={one}&s={two}";
        var (_, plan) = await client.GetPageAsync(planUrl);
        Assert.Equal("2", plan.QuerySelector("tr[data-channel=Sms] td.reachable")?.TextContent.Trim());
        Assert.Contains("我确认发送 2 条短信", plan.QuerySelector("#sms-confirm")?.TextContent);
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var unconfirmed = await client.PostFormAsync(action, [new("Channel", "Sms"), new("S", one.ToString()), new("S", two.ToString())], planUrl);
        Assert.StartsWith($"/tracking/classes/{classId}/message", unconfirmed.Headers.Location!.OriginalString);
        Assert.Equal(0, await portal.WithDbAsync(db => db.Outbox.CountAsync()));

        var sent = await client.PostFormAsync(action,
            [new("Channel", "Sms"), new("S", one.ToString()), new("S", two.ToString()), new("ConfirmSms", "2")], planUrl);
        Assert.StartsWith("/tracking/deliveries/", sent.Headers.Location!.OriginalString);
        var delivered = await WaitForAsync(sms, 2);
        Assert.Equal(["13812345678", "13912345678"], delivered.Select(d => d.Phone).Order());
        var first = delivered.Single(d => d.Phone == "13812345678");
        Assert.Equal(("SMS_NUDGE_1", SmsStandIn.Sign), (first.TemplateCode, first.SignName));
        Assert.Equal("李明轩", (string?)first.TemplateParam["name"]);
        Assert.Equal("https://xjhd.example.edu.cn/", (string?)first.TemplateParam["link"]);
        Assert.StartsWith("outbox-", first.OutId);
        Assert.Empty(sms.Refusals);
        Assert.Equal(2, await portal.WithDbAsync(db => db.CampaignMessaging.Select(m => m.SmsReserved).SingleAsync()));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_stand_in_and_the_message_fails_with_the_gateways_message()
    {
        await using var sms = SmsStandIn.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(sms.Settings(secret: "not-the-secret"), worker: false));
        sms.UseClock(portal.Clock);
        var id = await EnqueueAsync(portal, "13812345678", MessageKind.Nudge);
        await EmailDeliveryTests.RunAsync(portal);
        var row = await RowAsync(portal, id);
        Assert.Equal(OutboxState.Failed, row.State);
        Assert.Equal("SMS SignatureDoesNotMatch: Specified signature is not matched with our calculation.", row.LastError);
        Assert.Empty(sms.Delivered);
    }

    [Fact]
    public async Task A_Code_other_than_OK_fails_with_its_message_and_flow_control_is_retried()
    {
        await using var sms = SmsStandIn.Start();
        var settings = sms.Settings();
        settings["Notifications:Sms:Templates:DeadlineReminder"] = "SMS_NOT_APPROVED";
        using var portal = new NotifyingPortal(NotifyingPortal.With(settings, worker: false));
        sms.UseClock(portal.Clock);
        sms.Limited.Add("13700000000");
        var unapproved = await EnqueueAsync(portal, "13812345678", MessageKind.DeadlineReminder);
        var limited = await EnqueueAsync(portal, "13700000000", MessageKind.Nudge);
        var noTemplate = await EnqueueAsync(portal, "13812345678", MessageKind.ReportRejected);
        await EmailDeliveryTests.RunAsync(portal);

        var a = await RowAsync(portal, unapproved);
        Assert.Equal((OutboxState.Failed, "SMS isv.SMS_TEMPLATE_ILLEGAL: 该账号下找不到对应模板"), (a.State, a.LastError));
        var b = await RowAsync(portal, limited);
        Assert.Equal(OutboxState.Queued, b.State);
        Assert.StartsWith("SMS isv.BUSINESS_LIMIT_CONTROL", b.LastError);
        var c = await RowAsync(portal, noTemplate);
        Assert.Equal(OutboxState.Failed, c.State);
        Assert.StartsWith("no approved SMS template for ReportRejected", c.LastError);
        Assert.Empty(sms.Delivered);
    }

    [Fact]
    public async Task Parallel_reservations_never_pass_the_campaign_cap()
    {
        using var portal = new NotifyingPortal(NotifyingPortal.With(new Dictionary<string, string?> { ["Notifications:Sms:CapPerCampaign"] = "7" }, worker: false));
        var campaignId = await portal.WithDbAsync(db => db.Campaigns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SmsBudget>().EnsureRowAsync(campaignId, CancellationToken.None);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            using var scope = portal.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<SmsBudget>().TryReserveAsync(campaignId, 1, CancellationToken.None);
        })));
        Assert.Equal(7, results.Count(r => r));
        Assert.Equal(7, await portal.WithDbAsync(db => db.CampaignMessaging.Where(m => m.CampaignId == campaignId).Select(m => m.SmsReserved).SingleAsync()));
    }

    [Fact]
    public async Task Two_sends_at_once_cannot_together_pass_the_cap()
    {
        await using var sms = SmsStandIn.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(WithCap(sms.Settings(), 3), worker: false));
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var one = await TrackingKit.StudentIdAsync(portal, DemoAccounts.Student1);
        var two = await TrackingKit.StudentIdAsync(portal, DemoAccounts.Student2);
        await SetPhonesAsync(portal, (one, "13812345678"), (two, "13912345678"));
        var planUrl = $"/tracking/classes/{classId}/message?s={one}&s={two}";
        // Two browser tabs of the counselor sending the same two students at once.
        var client = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var clients = new[] { client, client };
        var actions = new List<string>();
        foreach (var c in clients)
        {
            var (_, plan) = await c.GetPageAsync(planUrl);
            actions.Add(plan.QuerySelector("#send-form")!.GetAttribute("action")!);
        }

        var answers = await Task.WhenAll(clients.Select((c, i) => c.PostFormAsync(actions[i],
            [new("Channel", "Sms"), new("S", one.ToString()), new("S", two.ToString()), new("ConfirmSms", "2")], planUrl)));
        Assert.Single(answers, a => a.Headers.Location!.OriginalString.StartsWith("/tracking/deliveries/"));
        Assert.Equal(2, await portal.WithDbAsync(db => db.Outbox.CountAsync(m => m.Channel == MessageChannel.Sms)));
        Assert.Equal(2, await portal.WithDbAsync(db => db.CampaignMessaging.Select(m => m.SmsReserved).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, answers[0].StatusCode);
    }

    private static Dictionary<string, string?> WithCap(Dictionary<string, string?> settings, int cap)
    {
        settings["Notifications:Sms:CapPerCampaign"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private static Task SetPhonesAsync(PortalFactory portal, params (int Id, string Phone)[] phones) =>
        portal.WithDbAsync(async db =>
        {
            foreach (var (id, phone) in phones)
            {
                var s = await db.Students.SingleAsync(x => x.Id == id);
                s.Phone = phone;
            }

            await db.SaveChangesAsync();
        });

    internal static Task<long> EnqueueAsync(PortalFactory portal, string phone, MessageKind kind) =>
        portal.WithDbAsync(async db =>
        {
            var now = portal.Clock.GetUtcNow().UtcDateTime;
            var m = new OutboxMessage
            {
                Channel = MessageChannel.Sms, Kind = kind, Recipient = phone, Body = "（短信使用审核过的模板）",
                ValuesJson = "{\"name\":\"李明轩\",\"deadline\":\"2026-12-05 17:00\",\"link\":\"https://xjhd.example.edu.cn/\",\"reason\":\"\"}",
                State = OutboxState.Queued, NextAttemptAt = now, CreatedAt = now,
            };
            db.Outbox.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });

    private static Task<OutboxMessage> RowAsync(PortalFactory portal, long id) =>
        portal.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    private static async Task<IReadOnlyList<SmsDelivery>> WaitForAsync(SmsStandIn sms, int count)
    {
        for (var i = 0; i < 150 && sms.Delivered.Count < count; i++)
        {
            await Task.Delay(100);
        }

        return sms.Delivered;
    }
}

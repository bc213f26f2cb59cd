using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>The WeCom channel through the outbox, against the local stand-in of the API (issue 17).</summary>
public sealed class WeComDeliveryTests
{
    [Fact]
    public async Task Counselor_nudges_by_WeCom_and_the_member_gets_the_text_with_one_token_for_several_messages()
    {
        await using var wecom = WeComStandIn.Start(DemoAccounts.Student1, DemoAccounts.Student2);
        using var portal = new NotifyingPortal(NotifyingPortal.With(wecom.Settings()));
        wecom.UseClock(portal.Clock);
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var studentId = await TrackingKit.StudentIdAsync(portal, DemoAccounts.Student1);
        var client = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var planUrl = $"/tracking/classes/{classId}/message?s={studentId}";
        var (_, plan) = await client.GetPageAsync(planUrl);
        Assert.Equal("1", plan.QuerySelector("tr[data-channel=WeCom] td.reachable")?.TextContent.Trim());
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var sent = await client.PostFormAsync(action, [new("Channel", "WeCom"), new("S", studentId.ToString())], planUrl);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var delivery = Assert.Single(await WaitForAsync(wecom, 1));
        Assert.Equal((DemoAccounts.Student1, WeComStandIn.AgentId), (delivery.ToUser, delivery.AgentId));
        Assert.Contains("李明轩同学：你的新生学籍信息尚未完成核对", delivery.Content);
        Assert.Contains("https://xjhd.example.edu.cn/", delivery.Content);
        await WaitForStateAsync(portal, OutboxState.Sent);
        var (_, page) = await client.GetPageAsync(sent.Headers.Location!.OriginalString);
        Assert.Equal("Sent", page.QuerySelector($"tr[data-student='{studentId}'] td.delivery")?.GetAttribute("data-delivery"));
        Assert.Equal(NudgeChannel.WeCom, await portal.WithDbAsync(db => db.Nudges.Where(n => n.StudentCheck.StudentId == studentId).Select(n => n.Channel).SingleAsync()));

        await EnqueueAsync(portal, DemoAccounts.Student2, "第二条");
        await EnqueueAsync(portal, DemoAccounts.Student2, "第三条");
        await WaitForAsync(wecom, 3);
        // The token is cached: one gettoken for every message of its lifetime.
        Assert.Equal(1, wecom.TokenFetches);
    }

    [Fact]
    public async Task A_token_is_fetched_again_shortly_before_it_expires_and_after_40014_or_42001_the_send_is_retried_once()
    {
        await using var wecom = WeComStandIn.Start("m1");
        using var portal = new NotifyingPortal(NotifyingPortal.With(wecom.Settings(), worker: false));
        wecom.UseClock(portal.Clock);
        await SendOneAsync(portal, "m1", "一");
        Assert.Equal(1, wecom.TokenFetches);

        // 7200 s announced: renewed 5 minutes before, so the API never sees an expired token.
        portal.Clock.Advance(TimeSpan.FromSeconds(7200 - 200));
        await SendOneAsync(portal, "m1", "二");
        Assert.Equal(2, wecom.TokenFetches);
        Assert.Empty(wecom.Errors);

        wecom.RevokeTokens();
        await SendOneAsync(portal, "m1", "三");
        wecom.ExpireTokens();
        await SendOneAsync(portal, "m1", "四");
        Assert.Equal([40014, 42001], wecom.Errors);
        Assert.Equal(4, wecom.TokenFetches);
        Assert.Equal(["一", "二", "三", "四"], wecom.Delivered.Select(d => d.Content));
    }

    [Fact]
    public async Task A_rate_limit_error_backs_off_and_the_message_goes_out_later()
    {
        await using var wecom = WeComStandIn.Start("m1");
        using var portal = new NotifyingPortal(NotifyingPortal.With(wecom.Settings(), worker: false));
        wecom.UseClock(portal.Clock);
        wecom.RateLimitNext(1);
        var id = await EnqueueAsync(portal, "m1", "限流后再发");
        await EmailDeliveryTests.RunAsync(portal);
        var row = await RowAsync(portal, id);
        Assert.Equal((OutboxState.Queued, 1), (row.State, row.Attempts));
        Assert.StartsWith("WeCom errcode 45009", row.LastError);
        Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime.AddSeconds(60), row.NextAttemptAt, TimeSpan.FromSeconds(2));

        await EmailDeliveryTests.RunAsync(portal);
        Assert.Empty(wecom.Delivered);
        portal.Clock.Advance(TimeSpan.FromSeconds(61));
        await EmailDeliveryTests.RunAsync(portal);
        Assert.Equal(OutboxState.Sent, (await RowAsync(portal, id)).State);
        Assert.Equal("限流后再发", Assert.Single(wecom.Delivered).Content);
    }

    [Fact]
    public async Task A_user_id_listed_in_invaliduser_fails_for_good_with_the_reason()
    {
        await using var wecom = WeComStandIn.Start("m1");
        using var portal = new NotifyingPortal(NotifyingPortal.With(wecom.Settings(), worker: false));
        wecom.UseClock(portal.Clock);
        var id = await EnqueueAsync(portal, "left-school", "你好");
        await EmailDeliveryTests.RunAsync(portal);
        var row = await RowAsync(portal, id);
        Assert.Equal((OutboxState.Failed, 1), (row.State, row.Attempts));
        Assert.Contains("invaliduser left-school", row.LastError);
        Assert.Empty(wecom.Delivered);
    }

    [Fact]
    public async Task At_most_thirty_messages_a_minute_reach_one_member_and_the_rest_follow_a_minute_later()
    {
        await using var wecom = WeComStandIn.Start("m1");
        using var portal = new NotifyingPortal(NotifyingPortal.With(wecom.Settings(), worker: false));
        wecom.UseClock(portal.Clock);
        for (var i = 0; i < 32; i++)
        {
            await EnqueueAsync(portal, "m1", $"消息 {i}");
        }

        await EmailDeliveryTests.RunAsync(portal);
        await EmailDeliveryTests.RunAsync(portal);
        Assert.Equal(30, wecom.Delivered.Count);
        var waiting = await portal.WithDbAsync(db => db.Outbox.Where(m => m.State == OutboxState.Queued).ToListAsync());
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, m => Assert.Contains("30 messages a minute", m.LastError));
        // The portal held back by itself: the API never had to refuse.
        Assert.Empty(wecom.Errors);

        portal.Clock.Advance(TimeSpan.FromSeconds(62));
        await EmailDeliveryTests.RunAsync(portal);
        Assert.Equal(32, wecom.Delivered.Select(d => d.Content).Distinct().Count());
    }

    private static async Task SendOneAsync(PortalFactory portal, string user, string body)
    {
        var id = await EnqueueAsync(portal, user, body);
        await EmailDeliveryTests.RunAsync(portal);
        Assert.Equal(OutboxState.Sent, (await RowAsync(portal, id)).State);
    }

    internal static Task<long> EnqueueAsync(PortalFactory portal, string user, string body) =>
        portal.WithDbAsync(async db =>
        {
            var now = portal.Clock.GetUtcNow().UtcDateTime;
            var m = new OutboxMessage
            {
                Channel = MessageChannel.WeCom, Kind = MessageKind.Nudge, Recipient = user, Body = body,
                State = OutboxState.Queued, NextAttemptAt = now, CreatedAt = now,
            };
            db.Outbox.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });

    private static Task<OutboxMessage> RowAsync(PortalFactory portal, long id) =>
        portal.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    private static async Task<IReadOnlyList<WeComDelivery>> WaitForAsync(WeComStandIn wecom, int count)
    {
        for (var i = 0; i < 150 && wecom.Delivered.Count < count; i++)
        {
            await Task.Delay(100);
        }

        return wecom.Delivered;
    }

    private static async Task WaitForStateAsync(PortalFactory portal, OutboxState state)
    {
        for (var i = 0; i < 100 && !await portal.WithDbAsync(db => db.Outbox.AnyAsync(m => m.State == state)); i++)
        {
            await Task.Delay(100);
        }
    }
}

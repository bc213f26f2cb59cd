using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;
using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>The e-mail channel against a real SMTP server (python3-aiosmtpd) on 127.0.0.1 (issue 17).</summary>
public sealed class EmailDeliveryTests
{
    [Fact]
    public async Task Counselor_nudges_a_student_by_email_and_it_arrives_with_recipient_subject_and_Chinese_body()
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings()));
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var studentId = await TrackingKit.StudentIdAsync(portal, DemoAccounts.Student1);
        var client = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var planUrl = $"/tracking/classes/{classId}/message?s={studentId}";
        var (_, plan) = await client.GetPageAsync(planUrl);
        Assert.Equal("1", plan.QuerySelector("tr[data-channel=Email] td.reachable")?.TextContent.Trim());
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var sent = await client.PostFormAsync(action, [new("Channel", "Email"), new("S", studentId.ToString())], planUrl);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var deliveries = sent.Headers.Location!.OriginalString;
        Assert.StartsWith("/tracking/deliveries/", deliveries);

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(["2026010001@stu.example.edu.cn"], mail.To);
        Assert.Equal("xjhd@example.edu.cn", mail.From);
        Assert.Equal("学籍信息核对提醒", mail.Message.Subject);
        var body = Assert.IsType<TextPart>(mail.Message.Body);
        Assert.Equal("utf-8", body.ContentType.Charset, ignoreCase: true);
        Assert.Contains("李明轩同学：你的新生学籍信息尚未完成核对", body.Text);
        Assert.Contains("https://xjhd.example.edu.cn/", body.Text);
        Assert.DoesNotContain("430104200803151230", body.Text);

        await WaitForStateAsync(portal, OutboxState.Sent);
        var (_, page) = await client.GetPageAsync(deliveries);
        Assert.Equal("Sent", page.QuerySelector($"tr[data-student='{studentId}'] td.delivery")?.GetAttribute("data-delivery"));
        // Another college's counselor does not see who got this send.
        var other = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor2, DemoAccounts.Counselor2Password);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync(deliveries)).Response.StatusCode);
        var nudge = await portal.WithDbAsync(db => db.Nudges.SingleAsync(n => n.StudentCheck.StudentId == studentId));
        Assert.Equal(NudgeChannel.Email, nudge.Channel);
        var (_, student) = await client.GetPageAsync($"/tracking/students/{studentId}");
        Assert.Equal("Sent", student.QuerySelector(".nudges .delivery")?.GetAttribute("data-delivery"));
    }

    [Fact]
    public async Task Starttls_and_authentication_deliver_and_a_wrong_password_is_retried()
    {
        using var smtp = SmtpTestServer.Start(tls: true, auth: ("mailer", "s3cret-pass"));
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings("StartTls", "mailer", "s3cret-pass"), worker: false));
        var id = await EnqueueAsync(portal, "2026010002@stu.example.edu.cn");
        await RunAsync(portal);
        var mail = Assert.Single(smtp.Received());
        Assert.Equal("mailer", mail.User);
        Assert.Equal(OutboxState.Sent, await StateOfAsync(portal, id));

        using var wrong = new NotifyingPortal(NotifyingPortal.With(smtp.Settings("StartTls", "mailer", "wrong"), worker: false));
        var other = await EnqueueAsync(wrong, "2026010002@stu.example.edu.cn");
        await RunAsync(wrong);
        var row = await wrong.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == other));
        Assert.Equal(OutboxState.Queued, row.State);
        Assert.Contains("authentication", row.LastError);
        Assert.Single(smtp.Received());
    }

    [Fact]
    public async Task Plain_connection_to_a_server_that_requires_starttls_is_not_sent()
    {
        using var smtp = SmtpTestServer.Start(tls: true);
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings("None"), worker: false));
        var id = await EnqueueAsync(portal, "2026010002@stu.example.edu.cn");
        await RunAsync(portal);
        Assert.NotEqual(OutboxState.Sent, await StateOfAsync(portal, id));
        Assert.Contains("STARTTLS", await portal.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).Select(m => m.LastError).SingleAsync()));
        Assert.Empty(smtp.Received());
    }

    [Theory]
    [InlineData("refuse4@stu.example.edu.cn", "SMTP 450")]
    [InlineData("drop@stu.example.edu.cn", "SMTP connection")]
    public async Task A_temporary_refusal_or_a_dropped_connection_is_retried_then_marked_failed(string address, string reason)
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings(), worker: false));
        var id = await EnqueueAsync(portal, address);

        await RunAsync(portal);
        var first = await portal.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.Equal((OutboxState.Queued, 1), (first.State, first.Attempts));
        Assert.StartsWith(reason, first.LastError);
        // Not due before its back-off (60 s, then 120 s).
        await RunAsync(portal);
        Assert.Equal(1, (await portal.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id))).Attempts);

        portal.Clock.Advance(TimeSpan.FromSeconds(61));
        await RunAsync(portal);
        portal.Clock.Advance(TimeSpan.FromSeconds(121));
        await RunAsync(portal);
        var last = await portal.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.Equal((OutboxState.Failed, 3), (last.State, last.Attempts));
        Assert.StartsWith("gave up after 3 attempts: " + reason, last.LastError);
        Assert.Empty(smtp.Received());

        // The registrar sees it with its reason and queues it again.
        var registrar = await TrackingKit.StaffAsync(portal, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var (_, page) = await registrar.GetPageAsync("/notifications");
        Assert.StartsWith("gave up after 3 attempts", page.QuerySelector($"tr[data-message='{id}'] td.reason")?.TextContent.Trim());
        var retry = await registrar.PostFormAsync($"/notifications/{id}/retry", [], "/notifications");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal((OutboxState.Queued, 0), await portal.WithDbAsync(async db =>
        {
            var m = await db.Outbox.SingleAsync(x => x.Id == id);
            return (m.State, m.Attempts);
        }));
    }

    [Fact]
    public async Task A_permanent_refusal_fails_at_once()
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings(), worker: false));
        var id = await EnqueueAsync(portal, "refuse5@stu.example.edu.cn");
        await RunAsync(portal);
        var row = await portal.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.Equal((OutboxState.Failed, 1), (row.State, row.Attempts));
        Assert.StartsWith("SMTP 550", row.LastError);
    }

    internal static async Task<long> EnqueueAsync(PortalFactory portal, string address, string body = "测试正文：请登录核对。")
    {
        return await portal.WithDbAsync(async db =>
        {
            var now = portal.Clock.GetUtcNow().UtcDateTime;
            var m = new OutboxMessage
            {
                Channel = MessageChannel.Email, Kind = MessageKind.Nudge, Recipient = address, Subject = "测试主题", Body = body,
                State = OutboxState.Queued, NextAttemptAt = now, CreatedAt = now,
            };
            db.Outbox.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });
    }

    internal static Task<int> RunAsync(PortalFactory portal) =>
        portal.Services.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);

    private static Task<OutboxState> StateOfAsync(PortalFactory portal, long id) =>
        portal.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).Select(m => m.State).SingleAsync());

    private static async Task WaitForStateAsync(PortalFactory portal, OutboxState state)
    {
        for (var i = 0; i < 100 && !await portal.WithDbAsync(db => db.Outbox.AnyAsync(m => m.State == state)); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await portal.WithDbAsync(db => db.Outbox.AnyAsync(m => m.State == state)), "no outbox row reached " + state);
    }
}

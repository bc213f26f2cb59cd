using System.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>
/// One send, each student on their own first channel (e-mail, WeCom, SMS), with all three channels configured
/// against the local SMTP server and the WeCom and SMS stand-ins (issue 17).
/// </summary>
public sealed class AutomaticNudgeTests
{
    [Fact]
    public async Task An_automatic_send_gives_each_student_their_first_channel_the_counts_match_and_the_sms_cap_counts_only_sms_rows()
    {
        using var smtp = SmtpTestServer.Start();
        await using var wecom = WeComStandIn.Start("wc-04", "wc-05", "wc-06");
        await using var sms = SmsStandIn.Start();
        var settings = new Dictionary<string, string?>(smtp.Settings());
        foreach (var (k, v) in wecom.Settings(studentNumberIsUserId: false).Concat(sms.Settings()))
        {
            settings[k] = v;
        }

        using var portal = new NotifyingPortal(NotifyingPortal.With(settings, worker: false));
        wecom.UseClock(portal.Clock);
        sms.UseClock(portal.Clock);
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var expected = await SetContactsAsync(portal);
        var client = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var before = await portal.WithDbAsync(db => db.Nudges.CountAsync());

        // The confirmation page: per channel, and the automatic choice with its split.
        var planUrl = $"/tracking/classes/{classId}/message?state=all";
        var (_, plan) = await client.GetPageAsync(planUrl);
        Assert.Contains("共 10 名学生", plan.QuerySelector("#target")?.TextContent);
        Assert.Equal("3", Cell(plan, "Email", "reachable"));
        Assert.Equal("4", Cell(plan, "WeCom", "reachable"));
        Assert.Equal("5", Cell(plan, "Sms", "reachable"));
        Assert.Equal("9", Cell(plan, "Auto", "reachable"));
        Assert.Equal("1", Cell(plan, "Auto", "unreachable"));
        Assert.Equal(new[] { "3", "3", "3" }, new[] { "Email", "WeCom", "Sms" }.Select(c => plan.QuerySelector($"#auto-split .auto-count[data-channel={c}]")?.GetAttribute("data-count")));
        Assert.Contains("我确认发送 3 条短信", plan.QuerySelector("#sms-confirm-auto")?.TextContent);
        Assert.Contains("我确认发送 5 条短信", plan.QuerySelector("#sms-confirm")?.TextContent);
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var key = plan.QuerySelector("#send-form input[name=Key]")!.GetAttribute("value")!;

        // Not confirmed, or confirmed for another number (the single-channel SMS count): nothing is written.
        foreach (var confirm in new[] { Array.Empty<string>(), ["5"] })
        {
            var refused = await client.PostFormAsync(action, Form(key, confirm), planUrl);
            Assert.StartsWith($"/tracking/classes/{classId}/message", refused.Headers.Location!.OriginalString);
        }

        // A cap below the SMS rows refuses the send; a cap of exactly the SMS rows (not of all 9 rows) lets it through.
        await SetCapAsync(portal, 2);
        var over = await client.PostFormAsync(action, Form(key, ["3"]), planUrl);
        Assert.StartsWith($"/tracking/classes/{classId}/message", over.Headers.Location!.OriginalString);
        Assert.Equal((0, before), await portal.WithDbAsync(async db => (await db.Outbox.CountAsync(), await db.Nudges.CountAsync())));
        await SetCapAsync(portal, 3);
        var sent = await client.PostFormAsync(action, Form(key, ["3"]), planUrl);
        Assert.Equal($"/tracking/deliveries/{key}", sent.Headers.Location!.OriginalString);
        Assert.Equal(3, await portal.WithDbAsync(db => db.CampaignMessaging.Select(m => m.SmsReserved).SingleAsync()));

        // One outbox row and one nudge log row per reachable student, both on the channel actually used.
        var rows = await portal.WithDbAsync(db => db.Outbox.Where(m => m.DispatchKey == key)
            .Select(m => new { m.StudentId, m.Channel, m.Recipient, Nudge = db.Nudges.Where(n => n.Id == m.NudgeId).Select(n => new { n.Channel, n.StudentCheck.StudentId }).Single() })
            .ToListAsync());
        Assert.Equal(9, rows.Count);
        foreach (var (studentId, channel, address) in expected.Where(e => e.Channel is not null))
        {
            var row = Assert.Single(rows, r => r.StudentId == studentId);
            Assert.Equal((channel!.Value, address), (row.Channel, row.Recipient));
            Assert.Equal((NudgeChannelOf(channel.Value), studentId), (row.Nudge.Channel, row.Nudge.StudentId));
        }

        var nobody = expected.Single(e => e.Channel is null).StudentId;
        Assert.Equal(0, await portal.WithDbAsync(db => db.Nudges.CountAsync(n => n.StudentCheck.StudentId == nobody)));
        Assert.Equal(before + 9, await portal.WithDbAsync(db => db.Nudges.CountAsync()));

        // The same page submitted again (a double click, a reload): nothing more is written.
        var again = await client.PostFormAsync(action, Form(key, ["3"]), planUrl);
        Assert.Equal($"/tracking/deliveries/{key}", again.Headers.Location!.OriginalString);
        Assert.Equal((9, before + 9, 3), await portal.WithDbAsync(async db =>
            (await db.Outbox.CountAsync(), await db.Nudges.CountAsync(), await db.CampaignMessaging.Select(m => m.SmsReserved).SingleAsync())));

        // The worker sends each on its channel.
        await EmailDeliveryTests.RunAsync(portal);
        Assert.Equal(Addresses(expected, MessageChannel.Email), (await smtp.WaitForAsync(3)).SelectMany(m => m.To).Order());
        Assert.Equal(Addresses(expected, MessageChannel.WeCom), wecom.Delivered.Select(d => d.ToUser).Order());
        Assert.Equal(Addresses(expected, MessageChannel.Sms), sms.Delivered.Select(d => d.Phone).Order());
        Assert.Contains("李明轩同学", Assert.IsType<TextPart>(smtp.Received().Single(m => m.To.Contains("2026010001@stu.example.edu.cn")).Message.Body).Text);

        // The delivery page and each student's page show the channel and the state of that student's message.
        var (_, deliveries) = await client.GetPageAsync($"/tracking/deliveries/{key}");
        Assert.Equal(9, deliveries.QuerySelectorAll("table.deliveries tbody tr").Length);
        foreach (var (studentId, channel, _) in expected.Where(e => e.Channel is not null))
        {
            var tr = deliveries.QuerySelector($"tr[data-student='{studentId}']")!;
            Assert.Equal((channel.ToString(), "Sent"), (tr.QuerySelector("td.channel")?.GetAttribute("data-channel"), tr.QuerySelector("td.delivery")?.GetAttribute("data-delivery")));
        }

        var weComStudent = expected.First(e => e.Channel == MessageChannel.WeCom).StudentId;
        var (_, student) = await client.GetPageAsync($"/tracking/students/{weComStudent}");
        var nudge = student.QuerySelector(".nudges li")!;
        Assert.Equal(("WeCom", "Sent"), (nudge.GetAttribute("data-channel"), nudge.QuerySelector(".delivery")?.GetAttribute("data-delivery")));

        // A counselor of another class: neither the page, nor the send, nor its delivery state.
        var other = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor2, DemoAccounts.Counselor2Password);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync(planUrl)).Response.StatusCode);
        var foreign = await other.PostFormAsync(action, Form(Guid.NewGuid().ToString("D"), ["3"]), "/tracking");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync($"/tracking/deliveries/{key}")).Response.StatusCode);
        Assert.Equal(9, await portal.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Two_submits_of_the_same_page_at_once_write_the_send_once()
    {
        using var smtp = SmtpTestServer.Start();
        await using var sms = SmsStandIn.Start();
        var settings = new Dictionary<string, string?>(smtp.Settings());
        foreach (var (k, v) in sms.Settings())
        {
            settings[k] = v;
        }

        settings["Notifications:Sms:CapPerCampaign"] = "100";
        using var portal = new NotifyingPortal(NotifyingPortal.With(settings, worker: false));
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        await SetContactsAsync(portal);
        var client = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var before = await portal.WithDbAsync(db => db.Nudges.CountAsync());
        var planUrl = $"/tracking/classes/{classId}/message?state=all";
        var (_, plan) = await client.GetPageAsync(planUrl);
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var key = plan.QuerySelector("#send-form input[name=Key]")!.GetAttribute("value")!;
        // Without WeCom configured, the WeCom-only student with a phone falls through to SMS: 4 SMS, 3 e-mails.
        var confirm = plan.QuerySelector("#sms-confirm-auto input")!.GetAttribute("value")!;
        Assert.Equal("4", confirm);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostFormAsync(action, Form(key, [confirm]), planUrl)));
        Assert.All(answers, a => Assert.Equal($"/tracking/deliveries/{key}", a.Headers.Location!.OriginalString));
        var written = await portal.WithDbAsync(async db => (await db.Outbox.CountAsync(), await db.Nudges.CountAsync(),
            await db.CampaignMessaging.Select(m => m.SmsReserved).SingleAsync()));
        Assert.Equal((7, before + 7, 4), written);
        Assert.Equal(7, await portal.WithDbAsync(db => db.Outbox.CountAsync(m => m.DispatchKey == key && m.DedupKey!.StartsWith("nudge:" + key))));
    }

    private static KeyValuePair<string, string>[] Form(string key, string[] confirm) =>
        [new("Channel", "Auto"), new("Key", key), .. confirm.Select(c => new KeyValuePair<string, string>("ConfirmSms", c))];

    private static string? Cell(AngleSharp.Html.Dom.IHtmlDocument plan, string channel, string cell) =>
        plan.QuerySelector($"tr[data-channel={channel}] td.{cell}")?.TextContent.Trim();

    private static IOrderedEnumerable<string> Addresses(IEnumerable<(int StudentId, MessageChannel? Channel, string? Address)> expected, MessageChannel channel) =>
        expected.Where(e => e.Channel == channel).Select(e => e.Address!).Order();

    private static NudgeChannel NudgeChannelOf(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => NudgeChannel.Email,
        MessageChannel.WeCom => NudgeChannel.WeCom,
        _ => NudgeChannel.Sms,
    };

    private static Task SetCapAsync(PortalFactory portal, int cap) =>
        portal.WithDbAsync(async db =>
        {
            var campaignId = await db.Campaigns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            var row = await db.CampaignMessaging.SingleOrDefaultAsync(m => m.CampaignId == campaignId);
            if (row is null)
            {
                db.CampaignMessaging.Add(new CampaignMessaging { CampaignId = campaignId, SmsCap = cap });
            }
            else
            {
                row.SmsCap = cap;
            }

            await db.SaveChangesAsync();
        });

    /// <summary>
    /// The class's ten students by 学号: three with e-mail (the first also with a WeCom id and a phone: e-mail wins),
    /// three with only a WeCom id (the first also with a phone: WeCom wins), three with only a phone, one with nothing.
    /// </summary>
    private static Task<List<(int StudentId, MessageChannel? Channel, string? Address)>> SetContactsAsync(PortalFactory portal) =>
        portal.WithDbAsync(async db =>
        {
            var students = await db.Students.Where(s => s.Class.Name == TrackingKit.Econ1).OrderBy(s => s.StudentNumber).ToListAsync();
            Assert.Equal(10, students.Count);
            var expected = new List<(int, MessageChannel?, string?)>();
            for (var i = 0; i < students.Count; i++)
            {
                var s = students[i];
                s.Email = i < 3 ? $"{s.StudentNumber}@stu.example.edu.cn" : null;
                s.WeComUserId = i is 0 or (>= 3 and < 6) ? $"wc-{i + 1:00}" : null;
                s.Phone = i is 0 or 3 or (>= 6 and < 9) ? $"139000000{i:00}" : null;
                expected.Add(i switch
                {
                    < 3 => (s.Id, MessageChannel.Email, s.Email),
                    < 6 => (s.Id, MessageChannel.WeCom, s.WeComUserId),
                    < 9 => (s.Id, MessageChannel.Sms, s.Phone),
                    _ => (s.Id, null, null),
                });
            }

            await db.SaveChangesAsync();
            return expected;
        });
}

using System.Diagnostics;
using Microsoft.Playwright;
using MimeKit;
using RegistryCheck.BrowserTests.Infrastructure;

namespace RegistryCheck.BrowserTests.Journeys;

/// <summary>
/// The counselor nudges a class by e-mail from the list and watches it being delivered (issue 17): the portal's
/// outbox worker sends to a real SMTP server (python3-aiosmtpd) on 127.0.0.1.
/// </summary>
[Collection(NotifyingCollection.Name)]
public class NudgeDeliveryJourneyTests(NotifyingBrowserPortal portal)
{
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_counselor_nudges_the_not_done_students_of_a_class_by_email_and_sees_each_one_sent()
    {
        await using var j = await Journey.StartAsync(portal, "nudge-delivery", phone: false);
        var page = j.Page;
        page.SetDefaultTimeout(30_000);
        await j.SignInStaffAsync("counselor", "Counselor@2026");
        await page.Locator("#tracking-link").ClickAsync();
        await page.WaitForURLAsync("**/tracking");
        await page.Locator("table.counts tbody tr", new() { HasText = "2026级经济学1班" }).Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/tracking/classes/*");

        // The list's "send a reminder" goes to the confirmation page, filtered to "not done" by default.
        await page.Locator("#message-all").ClickAsync();
        await page.WaitForURLAsync("**/tracking/classes/*/message**");
        Assert.Equal("notdone", await page.Locator("#state").InputValueAsync());
        var matching = int.Parse(await page.Locator("tr[data-channel=Email] td.reachable").InnerTextAsync());
        Assert.True(matching >= 2, $"the demo class has students who have not checked, saw {matching}");
        Assert.Equal("0", await page.Locator("tr[data-channel=Email] td.unreachable").InnerTextAsync());
        // The automatic choice beside the channels: everyone on e-mail, since no one has a WeCom id.
        Assert.Equal(matching.ToString(), await page.Locator("tr[data-channel=Auto] td.reachable").InnerTextAsync());
        Assert.Equal(matching.ToString(), await page.Locator("#auto-split .auto-count[data-channel=Email]").GetAttributeAsync("data-count"));
        Assert.Equal("0", await page.Locator("tr[data-channel=WeCom] td.reachable").InnerTextAsync());
        Assert.Contains("https://xjhd.example.edu.cn/", await page.Locator("#preview").InnerTextAsync());
        await j.CheckpointAsync("message-confirm");

        await page.Locator("#channel-Email").CheckAsync();
        await page.Locator("#send").ClickAsync();
        await page.WaitForURLAsync("**/tracking/deliveries/*");
        Assert.Contains($"已为 {matching} 名学生排队发送提醒", await page.Locator(".flash.ok").InnerTextAsync());
        var rows = page.Locator("table.deliveries tbody tr");
        Assert.Equal(matching, await rows.CountAsync());
        Assert.Equal(1, await page.Locator("tr[data-number='2026010001']").CountAsync());
        await j.CheckpointAsync("deliveries-queued");

        // The worker polls the outbox: reload the page (its 刷新 link) until every student shows 已发送, bounded.
        var watch = Stopwatch.StartNew();
        while (await page.Locator("td.delivery:not([data-delivery=Sent])").CountAsync() > 0)
        {
            Assert.True(watch.Elapsed < DeliveryLimit,
                "not all sent within 60 s: " + string.Join(", ", await page.Locator("td.delivery").AllInnerTextsAsync()));
            Assert.Equal(0, await page.Locator("td.delivery[data-delivery=Failed]").CountAsync());
            await page.WaitForTimeoutAsync(500);
            await page.Locator("#refresh").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }

        Assert.All(await page.Locator("td.delivery").AllInnerTextsAsync(), state => Assert.Equal("已发送", state.Trim()));
        Assert.Equal(matching.ToString(), (await page.Locator("#delivery-counts [data-state=Sent]").InnerTextAsync()).Split(' ').Last());
        await j.CheckpointAsync("deliveries-sent");

        // The SMTP server got one message per student, in Chinese, with the public link.
        var mails = await portal.Smtp.WaitForAsync(matching, TimeSpan.FromSeconds(30));
        Assert.Equal(matching, mails.Count);
        var numbers = await page.Locator("table.deliveries tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.number)");
        Assert.Equal(numbers.Select(n => n + "@stu.example.edu.cn").Order(), mails.SelectMany(m => m.To).Order());
        var first = Assert.Single(mails, m => m.To.Contains("2026010001@stu.example.edu.cn"));
        Assert.Equal("学籍信息核对提醒", first.Message.Subject);
        var body = Assert.IsType<TextPart>(first.Message.Body).Text;
        Assert.Contains("李明轩同学：你的新生学籍信息尚未完成核对", body);
        Assert.Contains("https://xjhd.example.edu.cn/", body);

        // The student's page shows the nudge with its delivery state.
        var studentId = await page.Locator("tr[data-number='2026010001']").GetAttributeAsync("data-student");
        await page.GotoAsync($"/tracking/students/{studentId}");
        Assert.Equal("Sent", await page.Locator("ol.nudges li[data-channel=Email] .delivery").First.GetAttributeAsync("data-delivery"));
    }

    [Fact]
    public async Task On_a_phone_the_confirmation_and_delivery_pages_do_not_scroll_sideways()
    {
        await using var j = await Journey.StartAsync(portal, "nudge-delivery-phone", phone: true);
        var page = j.Page;
        page.SetDefaultTimeout(30_000);
        await j.SignInStaffAsync("counselor", "Counselor@2026");
        await page.GotoAsync("/tracking");
        await page.Locator("table.counts tbody tr", new() { HasText = "2026级经济学1班" }).Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/tracking/classes/*");
        await page.Locator("#message-all").ClickAsync();
        await page.WaitForURLAsync("**/tracking/classes/*/message**");
        Assert.True(await page.Locator("label[for=channel-auto]").IsVisibleAsync());
        await j.CheckpointAsync("message-confirm-phone");
        await j.AssertNoHorizontalScrollAsync();
    }
}

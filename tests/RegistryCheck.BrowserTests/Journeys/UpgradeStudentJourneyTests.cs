using RegistryCheck.BrowserTests.Infrastructure;

namespace RegistryCheck.BrowserTests.Journeys;

/// <summary>
/// Issue 15's 专升本 student on a phone (375×812, zh-CN): both checks of the notice — the portal record and the
/// 学信网 self-check — on one page, the portal record confirmed, a wrong admission photo on 学信网 recorded and
/// reported; then the counselor sees the result in the class list. On the portal seeded with the demo's
/// campaigns in progress, where the 专升本 campaign's 学信网 check is open.
/// </summary>
[Collection(DemoProgressCollection.Name)]
public class UpgradeStudentJourneyTests(DemoProgressPortal portal)
{
    // 2026013001 陈晓婷 of 2026级会计学专升本1班 has done nothing yet in the demo progress (DemoProgress.Apply);
    // the initial password is the last six characters of the ID number 430105200502110722.
    private const string StudentNumber = "2026013001";
    private const string InitialPassword = "110722";
    private const string UpgradeClass = "2026级会计学专升本1班";

    // The suite runs beside others on two cores: a page has taken more than the default 30 s to load there.
    private const float Patience = 120_000;

    [Fact]
    public async Task An_upgrade_student_does_both_checks_on_a_phone_and_the_counselor_sees_the_wrong_xuexin_photo()
    {
        await using (var j = await Journey.StartAsync(portal, "upgrade-student", phone: true))
        {
            await j.Page.SetViewportSizeAsync(375, 812);
            j.Page.SetDefaultTimeout(Patience);
            j.Page.SetDefaultNavigationTimeout(Patience);
            await SignInAndSetPasswordAsync(j);
            await BothStepsAreShownWithTheirDeadlinesAsync(j);
            await ConfirmThePortalRecordAsync(j);
            await RecordTheXuexinResultAsync(j);
            await ReportTheWrongPhotoAsync(j);
        }

        await TheCounselorSeesTheResultAsync();
    }

    private static async Task SignInAndSetPasswordAsync(Journey j)
    {
        var page = j.Page;
        await page.GotoAsync("/account/sign-in");
        await j.CheckpointAsync("sign-in");
        await page.GetByLabel("学号").FillAsync(StudentNumber);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(InitialPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();

        // The initial password must be replaced before anything else.
        await page.WaitForURLAsync("**/account/password");
        await j.CheckpointAsync("forced-password-change");
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync("Red-Maple-2026");
        await page.GetByLabel("确认新密码").FillAsync("Red-Maple-2026");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/me");
    }

    private static async Task BothStepsAreShownWithTheirDeadlinesAsync(Journey j)
    {
        var page = j.Page;
        await j.CheckpointAsync("both-steps");
        await j.AssertNoHorizontalScrollAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 375, "the student page is wider than 375 px");
        Assert.Contains("2026级专升本学籍核对", await page.Locator("p.campaign").InnerTextAsync());

        var steps = page.Locator("ol.steps li");
        Assert.Equal(2, await steps.CountAsync());
        Assert.Contains("第一步：核对本系统（教务系统）中的学籍信息", await steps.Nth(0).InnerTextAsync());
        Assert.Contains("已查看未确认", await steps.Nth(0).InnerTextAsync());
        Assert.Contains("第二步：登录学信网核对学籍和录取照片", await steps.Nth(1).InnerTextAsync());
        Assert.Contains("学信网未核对", await steps.Nth(1).InnerTextAsync());

        // Each check has its own deadline, and both are open.
        var portalDeadline = await page.Locator("section.status p.deadline").InnerTextAsync();
        Assert.Contains("截止时间：", portalDeadline);
        Assert.Contains("还剩", portalDeadline);
        var xuexin = page.Locator("#xuexin");
        Assert.Contains("第二步：学信网核对", await xuexin.Locator("h2").InnerTextAsync());
        var xuexinDeadline = await xuexin.Locator("p.xuexin-deadline").InnerTextAsync();
        Assert.Contains("截止时间：", xuexinDeadline);
        Assert.Contains("还剩", xuexinDeadline);
        Assert.Equal(0, await xuexin.Locator(".xuexin-not-open").CountAsync());
        Assert.Equal(1, await xuexin.Locator("form.xuexin-form").CountAsync());
    }

    private static async Task ConfirmThePortalRecordAsync(Journey j)
    {
        var page = j.Page;
        await page.Locator("form[action='/me/confirm'] button").ClickAsync();
        await page.WaitForURLAsync("**/me");
        Assert.Contains("已确认信息无误", await page.Locator(".flash.ok").InnerTextAsync());
        Assert.Contains("已确认无误", await page.Locator("ol.steps li").Nth(0).InnerTextAsync());
        Assert.Equal(0, await page.Locator("form[action='/me/confirm']").CountAsync());
        await j.CheckpointAsync("portal-confirmed");
    }

    private static async Task RecordTheXuexinResultAsync(Journey j)
    {
        var page = j.Page;
        var form = page.Locator("form.xuexin-form");
        // 已注册, 查询到本人学籍, 学籍信息无误, 录取照片有误.
        await form.Locator("fieldset", new() { HasText = "已注册学信网账号" }).GetByLabel("是").CheckAsync();
        await form.Locator("fieldset", new() { HasText = "查询到本人学籍" }).GetByLabel("已查询到").CheckAsync();
        await form.Locator("fieldset", new() { HasText = "有误的项目" }).GetByLabel("无误").CheckAsync();
        await form.Locator("fieldset", new() { HasText = "录取照片" }).GetByLabel("有误").CheckAsync();
        await j.CheckpointAsync("xuexin-form");
        await form.Locator("button[type=submit]").ClickAsync();

        await page.WaitForURLAsync("**/me#xuexin");
        Assert.Contains("学信网核对结果已保存", await page.Locator(".flash.ok").InnerTextAsync());
        var xuexin = page.Locator("#xuexin");
        Assert.Contains("学信网信息有误", await xuexin.Locator("p.state").InnerTextAsync());
        Assert.Contains("学信网信息有误", await page.Locator("ol.steps li").Nth(1).InnerTextAsync());
        Assert.Contains("上次记录：", await xuexin.InnerTextAsync());
        // The page asks for the photo to be reported, tagged 学信网; no field, since the record itself is right.
        var links = xuexin.Locator(".xuexin-report a.report-link");
        Assert.Equal(1, await links.CountAsync());
        Assert.Contains("报告错误：录取照片", await links.InnerTextAsync());
        await j.CheckpointAsync("xuexin-recorded");
        await j.AssertNoHorizontalScrollAsync();
    }

    private static async Task ReportTheWrongPhotoAsync(Journey j)
    {
        var page = j.Page;
        await page.Locator("#xuexin .xuexin-report a.report-link").ClickAsync();
        await page.WaitForURLAsync("**/me/report?field=Photo&seenOn=Xuexin");
        Assert.Contains("报告错误：录取照片", await page.Locator("h1").InnerTextAsync());
        // Where the error was seen comes chosen from the 学信网 step.
        Assert.True(await page.Locator("fieldset.seen-on").GetByLabel("学信网", new() { Exact = true }).IsCheckedAsync());
        await page.GetByLabel("照片有什么问题").FillAsync("学信网上的录取照片是高中时的旧照片，与本人现在的样子不符。");
        await page.GetByLabel("原因说明").FillAsync("学信网学籍页的录取照片有误，教务系统里的照片是对的。");
        await j.CheckpointAsync("photo-report-form");
        await j.AssertNoHorizontalScrollAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();

        await page.WaitForURLAsync("**/me#reports");
        Assert.Contains("报告已提交", await page.Locator(".flash.ok").InnerTextAsync());
        var card = page.Locator("#reports .report");
        Assert.Equal(1, await card.CountAsync());
        var text = await card.InnerTextAsync();
        Assert.Contains("录取照片", text);
        Assert.Contains("已提交，待辅导员核实", text);
        Assert.Contains("发现于：学信网", text);
        Assert.Contains("旧照片", text);

        // Both steps have a result: the portal step now waits on the open report, the 学信网 step holds the error.
        var steps = page.Locator("ol.steps li");
        Assert.Contains("已报告错误", await steps.Nth(0).InnerTextAsync());
        Assert.Contains("学信网信息有误", await steps.Nth(1).InnerTextAsync());
        Assert.Contains("等待辅导员核实", await page.Locator("section.status p.next").InnerTextAsync());
        await j.CheckpointAsync("both-steps-done");
        await j.AssertNoHorizontalScrollAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 375, "the student page is wider than 375 px");

        await page.Locator("form[action='/account/sign-out'] button").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in");
    }

    private async Task TheCounselorSeesTheResultAsync()
    {
        await using var j = await Journey.StartAsync(portal, Path.Combine("upgrade-student", "counselor"), phone: false);
        var page = j.Page;
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        await j.SignInStaffAsync("counselor", "Counselor@2026");
        await page.Locator("#tracking-link").ClickAsync();
        await page.WaitForURLAsync("**/tracking");

        // Two open campaigns: the 新生 one is the default, the 专升本 one is picked.
        await page.GetByLabel("核对批次").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "2026级专升本学籍核对" });
        await page.Locator("form.campaign-picker button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/tracking\?campaign=\d+"));
        await j.CheckpointAsync("counselor-upgrade-campaign");
        var classRow = page.Locator("table.counts tbody tr", new() { HasText = UpgradeClass });
        await classRow.First.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/tracking/classes/*");
        Assert.Equal(UpgradeClass, await page.Locator("h1").InnerTextAsync());

        var row = page.Locator($"table.students tbody tr[data-number='{StudentNumber}']");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("陈晓婷", await row.Locator("td.name").InnerTextAsync());
        Assert.Contains("已报告错误", await row.Locator("td.state").InnerTextAsync());
        var xuexin = row.Locator("td.xuexin");
        Assert.Equal("Wrong", await xuexin.GetAttributeAsync("data-xuexin"));
        var seen = await xuexin.InnerTextAsync();
        Assert.Contains("学信网信息有误", seen);
        Assert.Contains("录取照片", seen);
        await j.CheckpointAsync("counselor-class-list");
    }
}

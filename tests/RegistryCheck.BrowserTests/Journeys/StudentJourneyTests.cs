using Microsoft.Playwright;
using RegistryCheck.BrowserTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.BrowserTests.Journeys;

/// <summary>The student's journeys on a phone (375×667, touch), in Chinese and in English.</summary>
[Collection(BrowserCollection.Name)]
public class StudentJourneyTests(BrowserPortal portal)
{
    private static async Task SignInAndSetPasswordAsync(Journey j, string number, string initial, string own)
    {
        var page = j.Page;
        await page.GotoAsync("/account/sign-in");
        await j.CheckpointAsync("sign-in");
        await j.AssertTouchTargetsAsync();
        await page.GetByLabel("学号").FillAsync(number);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(initial);
        await page.Locator("main form button[type=submit]").ClickAsync();

        await page.WaitForURLAsync("**/account/password");
        await j.CheckpointAsync("forced-password-change");
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync(own);
        await page.GetByLabel("确认新密码").FillAsync(own);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/me");
    }

    [Fact]
    public async Task A_student_signs_in_with_a_lower_case_x_reviews_the_record_and_reports_an_error_with_evidence()
    {
        await using var j = await Journey.StartAsync(portal, "student-zh", phone: true);
        var page = j.Page;
        await SignInAndSetPasswordAsync(j, "2026010002", "08105x", "Blue-River-42");

        await j.CheckpointAsync("record");
        await j.AssertNoHorizontalScrollAsync();
        await j.AssertTouchTargetsAsync();
        Assert.Contains("已查看未确认", await page.Locator("p.state:not([class*=xuexin])").InnerTextAsync());
        Assert.Contains("还剩", await page.Locator(".deadline").InnerTextAsync());
        var photoWidth = await page.Locator("img.photo").EvaluateAsync<int>("img => img.naturalWidth");
        // The demo photos are drawn at CHSI's 480 × 640 since the move to SkiaSharp.
        Assert.Equal(480, photoWidth);

        // Report a wrong 民族 with a photo of the household register.
        await page.Locator("a.report-link[href$='field=Ethnicity']").ClickAsync();
        await page.WaitForURLAsync("**/me/report?field=Ethnicity");
        // 民族 comes from the GB/T 3304 table: the form offers it as a choice, and asks 更正 or 更改.
        await page.GetByLabel("正确的信息").SelectOptionAsync("土家族");
        await page.GetByLabel("更正：入学时的信息就是错的（录取数据有误）").CheckAsync();
        await page.GetByLabel("原因说明").FillAsync("户口本上登记为土家族");
        await page.GetByLabel("证明材料（可选）").SetInputFilesAsync(new FilePayload
        {
            Name = "户口本.png", MimeType = "image/png", Buffer = DemoPhotoGenerator.Create(11),
        });
        await j.CheckpointAsync("report-form");
        await j.AssertTouchTargetsAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();

        await page.WaitForURLAsync("**/me#reports");
        await j.CheckpointAsync("report-listed");
        var card = page.Locator("#reports .report").First;
        Assert.Contains("已提交，待辅导员核实", await card.InnerTextAsync());
        Assert.Contains("户口本.png", await card.InnerTextAsync());
        Assert.Contains("已报告错误", await page.Locator("p.state:not([class*=xuexin])").InnerTextAsync());

        await page.Locator("form[action='/account/sign-out'] button").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in");
    }

    [Fact]
    public async Task A_student_confirms_the_record_and_signs_out_using_only_the_keyboard()
    {
        await using var j = await Journey.StartAsync(portal, "student-confirm", phone: true);
        var page = j.Page;
        await page.GotoAsync("/account/sign-in");
        // Keyboard only: focus the first field, type, Tab to the password, Enter submits.
        await page.Locator("#StudentNumber").FocusAsync();
        await page.Keyboard.TypeAsync("２０２６０１０００１");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("151230");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/account/password");
        await page.Locator("#NewPassword").FocusAsync();
        await page.Keyboard.TypeAsync("Green-Hill-2026");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Green-Hill-2026");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/me");

        await page.Locator("form[action='/me/confirm'] button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/me");
        await j.CheckpointAsync("confirmed");
        Assert.Contains("已确认无误", await page.Locator("p.state:not([class*=xuexin])").InnerTextAsync());
        Assert.Equal(0, await page.Locator("form[action='/me/confirm']").CountAsync());

        await page.Locator("form[action='/account/sign-out'] button").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in");
        var response = await page.GotoAsync("/me");
        Assert.Contains("/account/sign-in", page.Url);
        Assert.NotNull(response);
    }

    [Fact]
    public async Task The_student_pages_work_in_English_and_do_not_scroll_sideways_at_320_px()
    {
        await using var j = await Journey.StartAsync(portal, "student-en", phone: true, culture: "en");
        var page = j.Page;
        await page.GotoAsync("/account/sign-in");
        Assert.Equal("Student sign-in", await page.Locator("h1").InnerTextAsync());
        await j.CheckpointAsync("sign-in-en");
        await page.GetByLabel("Student number").FillAsync("2026010003");
        var initial = RegistryCheck.Data.Rules.InitialPassword.For(DemoStudentIdNumber("2026010003"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(initial.ToLowerInvariant());
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account/password");
        await j.CheckpointAsync("password-en");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Quiet-Lake-77");
        await page.GetByLabel("Confirm new password").FillAsync("Quiet-Lake-77");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/me");
        Assert.Equal("My registry record", await page.Locator("h1").InnerTextAsync());
        await j.CheckpointAsync("record-en");

        await page.SetViewportSizeAsync(320, 640);
        await j.AssertNoHorizontalScrollAsync();
        await page.GotoAsync("/me/report?field=Name");
        await j.AssertNoHorizontalScrollAsync();
        await j.CheckpointAsync("report-form-en-320");
        await page.GotoAsync("/help");
        await j.AssertNoHorizontalScrollAsync();
        await j.CheckpointAsync("help-en-320");
    }

    /// <summary>The ID number of a demo student, read from the demo roster.</summary>
    private static string DemoStudentIdNumber(string studentNumber)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RegistryCheck.sln")))
        {
            dir = dir.Parent;
        }

        var line = File.ReadLines(Path.Combine(dir!.FullName, "seeds", "demo-roster.csv")).First(l => l.StartsWith(studentNumber + ",", StringComparison.Ordinal));
        return line.Split(',')[8];
    }
}

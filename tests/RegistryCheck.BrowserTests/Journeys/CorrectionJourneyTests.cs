using ClosedXML.Excel;
using RegistryCheck.BrowserTests.Infrastructure;

namespace RegistryCheck.BrowserTests.Journeys;

/// <summary>
/// A report's whole way through the browser: the student reports a wrong 民族 on a phone, the counselor verifies it,
/// the college administrator batches and submits it (1366×768), the registrar marks it corrected and downloads the
/// batch workbook, and the student sees the corrected value. Four journeys (four screenshot folders) in one test
/// because each step needs the one before it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CorrectionJourneyTests(BrowserPortal portal)
{
    private const string Number = "2026010015"; // 周嘉豪, 2026级经济学2班, 汉族 in the demo roster.
    private const string IdNumber = "430202200812117117";

    [Fact]
    public async Task A_wrong_ethnicity_reported_on_a_phone_is_verified_batched_submitted_and_corrected_and_the_student_sees_it()
    {
        // The student (phone) reports 民族 汉族 → 满族.
        await using var student = await Journey.StartAsync(portal, "correction-student", phone: true);
        var sp = student.Page;
        await sp.GotoAsync("/account/sign-in");
        await sp.GetByLabel("学号").FillAsync(Number);
        await sp.GetByLabel("密码", new() { Exact = true }).FillAsync(IdNumber[^6..]);
        await sp.Locator("main form button[type=submit]").ClickAsync();
        await sp.WaitForURLAsync("**/account/password");
        await sp.GetByLabel("新密码", new() { Exact = true }).FillAsync("Red-Maple-2026");
        await sp.GetByLabel("确认新密码").FillAsync("Red-Maple-2026");
        await sp.Locator("main form button[type=submit]").ClickAsync();
        await sp.WaitForURLAsync("**/me");
        await sp.GotoAsync("/me/report?field=Ethnicity");
        // 民族 comes from the GB/T 3304 table: the form offers it as a choice, and asks 更正 or 更改.
        await sp.GetByLabel("正确的信息").SelectOptionAsync("满族");
        await sp.GetByLabel("更正：入学时的信息就是错的（录取数据有误）").CheckAsync();
        await sp.GetByLabel("原因说明").FillAsync("户口本上登记为满族");
        await sp.Locator("main form button[type=submit]").ClickAsync();
        await sp.WaitForURLAsync("**/me#reports");
        await student.CheckpointAsync("reported");

        // The counselor verifies it.
        await using (var counselor = await Journey.StartAsync(portal, "correction-counselor", phone: false))
        {
            var cp = counselor.Page;
            await counselor.SignInStaffAsync("counselor", "Counselor@2026");
            await cp.Locator("a[href='/corrections']").ClickAsync();
            await cp.WaitForURLAsync("**/corrections");
            var row = cp.Locator("tr.report-row", new() { HasText = Number });
            Assert.Contains("满族", await row.InnerTextAsync());
            await counselor.CheckpointAsync("review-queue");
            await row.Locator("a").ClickAsync();
            await cp.WaitForURLAsync("**/corrections/*");
            Assert.Equal("汉族", await cp.Locator(".current-value").InnerTextAsync());
            await counselor.CheckpointAsync("report-detail");
            await cp.GetByLabel("核实意见").FillAsync("已核对户口本");
            await cp.Locator("form.verify-form button[type=submit]").ClickAsync();
            await cp.WaitForURLAsync("**/corrections");
        }

        // The college administrator puts it into the batch and submits the batch.
        int batchId;
        await using (var college = await Journey.StartAsync(portal, "college", phone: false))
        {
            var gp = college.Page;
            college.AcceptConfirmations();
            await college.SignInStaffAsync("college", "College@2026", checkpoint: true);
            await college.CheckpointAsync("hub");
            await gp.Locator("a[href='/batches/college']").ClickAsync();
            await gp.WaitForURLAsync("**/batches/college");
            var unbatched = gp.Locator("section.unbatched tbody tr", new() { HasText = Number });
            Assert.Contains("已核对户口本", await unbatched.InnerTextAsync());
            await college.CheckpointAsync("verified-reports");
            await gp.Locator("section.unbatched button[type=submit]").ClickAsync();
            await gp.WaitForURLAsync("**/batches/college");
            Assert.Contains("加入本批", await gp.Locator(".flash.ok").InnerTextAsync());
            var draft = gp.Locator("section.draft", new() { HasText = Number });
            await college.CheckpointAsync("draft-batch");
            batchId = int.Parse((await draft.GetAttributeAsync("data-batch"))!);
            await draft.Locator($"form[action='/batches/{batchId}/submit'] button").ClickAsync();
            await gp.WaitForURLAsync("**/batches/college");
            Assert.Contains("已报送学籍管理科", await gp.Locator(".flash.ok").InnerTextAsync());
            Assert.Equal(0, await gp.Locator($"section.draft[data-batch='{batchId}']").CountAsync());
            await college.CheckpointAsync("batch-submitted");
            await gp.Locator($"section.sent tr[data-batch='{batchId}'] a[href='/batches/{batchId}']").ClickAsync();
            await gp.WaitForURLAsync($"**/batches/{batchId}");
            await college.CheckpointAsync("batch-page");
        }

        // The registrar marks it corrected and downloads the batch workbook with the full ID number.
        await using (var registrar = await Journey.StartAsync(portal, "registrar-batch", phone: false))
        {
            var rp = registrar.Page;
            await registrar.SignInStaffAsync("registrar", "Registrar@2026");
            await rp.Locator("a[href='/batches']").ClickAsync();
            await rp.WaitForURLAsync("**/batches");
            await registrar.CheckpointAsync("batches");
            await rp.Locator($"tr[data-batch='{batchId}'] a[href='/batches/{batchId}']").ClickAsync();
            await rp.WaitForURLAsync($"**/batches/{batchId}");
            await registrar.CheckpointAsync("batch");
            var report = rp.Locator("section.batch-report", new() { HasText = Number });
            await report.Locator("form.correct-form button[type=submit]").ClickAsync();
            await rp.WaitForURLAsync($"**/batches/{batchId}");
            Assert.Contains("已更正", await rp.Locator(".flash.ok").InnerTextAsync());
            Assert.Contains("status-Corrected", await report.GetAttributeAsync("class"));
            await registrar.CheckpointAsync("corrected");

            var download = await rp.RunAndWaitForDownloadAsync(() => rp.Locator($"section.batch a[href='/batches/{batchId}/export']").ClickAsync());
            var path = registrar.DownloadPath("batch.xlsx");
            await download.SaveAsAsync(path);
            using var book = new XLWorkbook(path);
            var sheet = book.Worksheets.First();
            var row = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == Number);
            var id = row.Cells().Single(c => c.GetString() == IdNumber);
            Assert.Equal(XLDataType.Text, id.DataType);
            Assert.Equal(XLDataType.Text, row.Cell(2).DataType);
            Assert.Contains(row.Cells(), c => c.GetString() == "满族");
        }

        // The student sees the corrected value.
        await sp.GotoAsync("/me");
        var value = sp.Locator("dl.record .row", new() { Has = sp.Locator("dt", new() { HasText = "民族" }) }).Locator(".value");
        Assert.Equal("满族", await value.InnerTextAsync());
        Assert.Contains("已更正", await sp.Locator("#reports").InnerTextAsync());
        await student.CheckpointAsync("corrected-value");
    }
}

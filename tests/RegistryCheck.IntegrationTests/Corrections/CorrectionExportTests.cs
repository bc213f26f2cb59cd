using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>The workbooks read back with ClosedXML: every cell's value and type, headers, print setup, sheet names.</summary>
public class CorrectionExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] BatchHeaders =
        ["序号", "学号", "考生号", "姓名", "证件号码", "班级", "更正项目", "原信息", "更正后信息", "更正原因", "是否需报省级审批", "辅导员核实意见", "提交时间"];

    private const string FormulaName = "=HYPERLINK(\"http://x\",\"y\")";

    private readonly CorrectionSteps _steps = new(factory);

    /// <summary>A student whose name looks like a formula reports a school name starting with "+" and a reason starting with "-".</summary>
    private async Task<(TestStudent Student, int ReportId, int BatchId)> SubmittedBatchAsync(string className = "2026级经济学1班")
    {
        var (student, client) = await TestStudents.SignedInAsync(factory, className);
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Students.SingleAsync(x => x.Id == student.Id);
            s.Name = FormulaName;
            await db.SaveChangesAsync();
        });
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.SchoolName, "+8613912345678", "-换了号码 @所有人", kind: CorrectionKind.Change);
        var economics = className.Contains("经济学", StringComparison.Ordinal);
        var counselor = economics ? await _steps.CounselorAsync() : await _steps.StaffAsync(DemoAccounts.Counselor2, DemoAccounts.Counselor2Password);
        await _steps.ReviewAsync(counselor, reportId, "verify", "=1+1");
        var college = economics ? await _steps.CollegeAsync() : await _steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password);
        var batchId = await _steps.SubmitBatchAsync(college, reportId);
        return (student, reportId, batchId);
    }

    private static async Task<XLWorkbook> WorkbookAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        return new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    private static void AssertText(IXLCell cell, string expected)
    {
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.False(cell.HasFormula, $"{cell.Address} holds a formula");
        Assert.Equal(expected, cell.GetString());
    }

    [Fact]
    public async Task The_registrars_batch_export_has_every_cell_as_text_or_its_proper_type_and_the_sheet_prints_on_a4_landscape()
    {
        var (student, reportId, batchId) = await SubmittedBatchAsync();
        var registrar = await _steps.RegistrarAsync();
        var report = await _steps.ReportRowAsync(reportId);
        var exam = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.ExamNumber!).SingleAsync());

        using var workbook = await WorkbookAsync(await registrar.Http.GetAsync($"/batches/{batchId}/export"));

        var ws = Assert.Single(workbook.Worksheets);
        Assert.Equal("经济学院", ws.Name);
        AssertText(ws.Cell(1, 1), "经济学院 · 2026级 · 学籍信息更正汇总表");
        Assert.Equal(BatchHeaders, Enumerable.Range(1, 13).Select(c => ws.Cell(3, c).GetString()).ToArray());
        Assert.All(Enumerable.Range(1, 13), c => Assert.Equal(XLDataType.Text, ws.Cell(3, c).DataType));

        var row = ws.Row(4);
        Assert.Equal(XLDataType.Number, row.Cell(1).DataType);
        Assert.Equal(1, row.Cell(1).GetValue<int>());
        AssertText(row.Cell(2), student.StudentNumber);
        AssertText(row.Cell(3), exam);
        AssertText(row.Cell(4), FormulaName);
        Assert.True(row.Cell(4).Style.IncludeQuotePrefix);
        AssertText(row.Cell(5), student.IdNumber);
        Assert.Equal(18, row.Cell(5).GetString().Length);
        AssertText(row.Cell(6), "2026级经济学1班");
        AssertText(row.Cell(7), "学校名称");
        AssertText(row.Cell(8), report.ShownValue);
        AssertText(row.Cell(9), "+8613912345678");
        Assert.True(row.Cell(9).Style.IncludeQuotePrefix);
        AssertText(row.Cell(10), "-换了号码 @所有人");
        Assert.True(row.Cell(10).Style.IncludeQuotePrefix);
        AssertText(row.Cell(11), "否");
        AssertText(row.Cell(12), "=1+1");
        Assert.True(row.Cell(12).Style.IncludeQuotePrefix);
        Assert.Equal(XLDataType.DateTime, row.Cell(13).DataType);
        // Local (Beijing) time: the test clock's 10:00 in Beijing is 02:00 UTC.
        Assert.Equal(report.SubmittedAt.AddHours(8), row.Cell(13).GetDateTime());
        Assert.False(row.Cell(2).Style.IncludeQuotePrefix);
        // The student's 更改 goes into the batch with the report.
        AssertText(ws.Cell(3, 14), "更正类型");
        AssertText(row.Cell(14), "更改");
        // Issue 15: where the student saw the error; a report from the record page was seen on the portal.
        AssertText(ws.Cell(3, 15), "发现于");
        AssertText(row.Cell(15), "教务系统");

        Assert.Equal("学院（盖章）：", ws.Cell(6, 1).GetString());
        Assert.Equal("经办人：", ws.Cell(6, 6).GetString());
        Assert.Equal("日期：", ws.Cell(6, 10).GetString());
        Assert.Equal(3, ws.SheetView.SplitRow);
        Assert.True(ws.AutoFilter.IsEnabled);
        Assert.Equal("A3:O4", ws.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal(XLPaperSize.A4Paper, ws.PageSetup.PaperSize);
        Assert.Equal(XLPageOrientation.Landscape, ws.PageSetup.PageOrientation);
        Assert.Equal(1, ws.PageSetup.PagesWide);
        Assert.Equal(1, ws.PageSetup.FirstRowToRepeatAtTop);
        Assert.Equal(3, ws.PageSetup.LastRowToRepeatAtTop);
        Assert.All(Enumerable.Range(1, 15), c => Assert.True(ws.Column(c).Width >= 6));
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.Export && a.TargetType == "batch"
            && a.TargetId == batchId.ToString() && a.Details!.Contains("fullIds=True"))));
    }

    [Fact]
    public async Task The_colleges_own_copy_to_sign_and_stamp_masks_the_id_number()
    {
        var (student, _, batchId) = await SubmittedBatchAsync();
        var college = await _steps.CollegeAsync();

        using var workbook = await WorkbookAsync(await college.Http.GetAsync($"/batches/{batchId}/export"));

        var cell = workbook.Worksheet(1).Cell(4, 5);
        AssertText(cell, RegistryCheck.Data.Rules.IdNumber.Mask(student.IdNumber));
        Assert.DoesNotContain(student.IdNumber, cell.GetString());
        AssertText(workbook.Worksheet(1).Cell(4, 2), student.StudentNumber);
    }

    [Fact]
    public async Task All_colleges_export_one_sheet_each_with_valid_unique_names_even_for_names_longer_than_31_characters()
    {
        await SubmittedBatchAsync();
        await SubmittedBatchAsync("2026级软件工程1班");
        var longName = "中华人民共和国某某省某某市某某大学马克思主义学院与国际关系学院联合培养中心";
        var idNumbers = await AddSubmittedCollegesAsync(longName, longName + "分部", "历史/文化[学院]:*?");
        var registrar = await _steps.RegistrarAsync();

        using var workbook = await WorkbookAsync(await registrar.Http.GetAsync("/batches/export/all"));

        var names = workbook.Worksheets.Select(w => w.Name).ToList();
        Assert.Equal(5, names.Count);
        Assert.All(names, n => Assert.True(n.Length <= 31, n));
        Assert.All(names, n => Assert.True(n.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) < 0, n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("经济学院", names);
        Assert.Contains("信息科学与工程学院", names);
        Assert.Contains(longName[..31], names);
        Assert.Contains(longName[..28] + "(2)", names);
        Assert.Contains("历史_文化_学院____", names);
        var longSheet = workbook.Worksheet(longName[..31]);
        AssertText(longSheet.Cell(1, 1), longName + " · 2026级 · 学籍信息更正汇总表");
        AssertText(longSheet.Cell(4, 5), idNumbers[0]);
        Assert.Equal(BatchHeaders, Enumerable.Range(1, 13).Select(c => longSheet.Cell(3, c).GetString()).ToArray());
    }

    [Fact]
    public async Task The_campaign_report_lists_every_report_with_its_outcome_and_masks_id_numbers()
    {
        var (_, reportId, batchId) = await SubmittedBatchAsync();
        var registrar = await _steps.RegistrarAsync();
        await _steps.ResolveAsync(registrar, batchId, reportId, correct: false, reason: "=不予更正");

        using var workbook = await WorkbookAsync(await registrar.Http.GetAsync("/batches/export/report"));

        var ws = workbook.Worksheet(1);
        var total = await factory.WithDbAsync(db => db.Reports.CountAsync());
        var rows = Enumerable.Range(4, total).Select(ws.Row).ToList();
        Assert.All(rows, r => Assert.Equal(XLDataType.Number, r.Cell(1).DataType));
        Assert.True(ws.Row(4 + total).Cell(1).IsEmpty());
        var mine = rows.Single(r => r.Cell(13).GetString() == "=不予更正");
        AssertText(mine.Cell(11), "未予更正");
        Assert.True(mine.Cell(13).Style.IncludeQuotePrefix);
        Assert.Equal(XLDataType.DateTime, mine.Cell(16).DataType);
        Assert.DoesNotContain(rows, r => r.Cells().Any(c => c.GetString().Length == 18 && c.GetString().All(char.IsAsciiLetterOrDigit) && c.GetString()[..6] == "430104"));
    }

    [Fact]
    public async Task An_english_ui_gets_english_headers()
    {
        var (_, _, batchId) = await SubmittedBatchAsync();
        var registrar = await _steps.RegistrarAsync();
        await registrar.PostFormAsync("/account/language", [new("culture", "en"), new("returnUrl", "/staff")], "/staff");

        using var workbook = await WorkbookAsync(await registrar.Http.GetAsync($"/batches/{batchId}/export"));

        var ws = workbook.Worksheet(1);
        Assert.Contains("Registry correction summary", ws.Cell(1, 1).GetString());
        Assert.Equal("No.", ws.Cell(3, 1).GetString());
        Assert.DoesNotContain(Enumerable.Range(1, 13), c => ws.Cell(3, c).GetString().Any(ch => ch >= 0x4E00 && ch <= 0x9FFF));
    }

    /// <summary>Colleges with awkward names, each with one student and one report in a submitted batch.</summary>
    private async Task<List<string>> AddSubmittedCollegesAsync(params string[] names)
    {
        var ids = new List<string>();
        foreach (var name in names)
        {
            await factory.WithDbAsync(async db =>
            {
                var college = new College { Name = name };
                var major = new Major { Name = "某专业", College = college };
                db.Classes.Add(new SchoolClass { Name = name + "1班", Cohort = 2026, College = college, Major = major });
                await db.SaveChangesAsync();
            });
            var added = await TestStudents.AddAsync(factory, name + "1班");
            ids.Add(added.IdNumber);
            await factory.WithDbAsync(async db =>
            {
                var now = factory.Clock.GetUtcNow().UtcDateTime;
                var campaign = await db.Campaigns.FirstAsync(c => c.Cohort == 2026);
                var batch = new CollegeBatch { CollegeId = added.CollegeId, CampaignId = campaign.Id, Sequence = 1, Status = BatchStatus.Submitted, CreatedAt = now, SubmittedAt = now };
                db.Reports.Add(new CorrectionReport
                {
                    StudentId = added.Id, CampaignId = campaign.Id, Field = RecordField.Ethnicity, ShownValue = "汉族", ProposedValue = "回族", Reason = "r",
                    Status = ReportStatus.InBatch, SubmittedAt = now, UpdatedAt = now, Batch = batch,
                });
                await db.SaveChangesAsync();
            });
        }

        return ids;
    }
}

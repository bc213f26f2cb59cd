using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.ChsiExport;

/// <summary>
/// Corrections made through the workflow (student → counselor → college batch → registrar) come back out in CHSI's
/// structure: the .xlsx read with ClosedXML, the .dbf read back byte by byte, the page's note.
/// </summary>
public class CorrectedRecordsExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] Codes =
        ["KSH", "XH", "XM", "XB", "CSRQ", "SFZH", "ZZMM", "MZ", "ZYDM", "ZYMC", "CC", "XZ", "XXXS", "RXRQ", "FY", "XSH", "BH", "YJBYRQ", "BZ"];

    private const string RareName = "王䶮"; // U+4DAE: GB18030 only, not in GBK
    private const string Remark = "专升本；专科学校：湖南工业职业技术学院；专科毕业证书编号：105341202305001234";

    private readonly CorrectionSteps _steps = new(factory);

    private sealed record Arranged(int CampaignId, int EconomicsId, TestStudent Renamed, TestStudent Rare, TestStudent Other, TestStudent Rejected);

    /// <summary>
    /// In 经济学院: one student's 姓名 (needs approval) and 民族 (does not) corrected, one student's 姓名 corrected to a
    /// name outside GBK, one report rejected; in 信息学院 one 民族 corrected.
    /// </summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var (renamed, renamedClient) = await TestStudents.SignedInAsync(factory);
        var (rare, rareClient) = await TestStudents.SignedInAsync(factory);
        var (rejected, rejectedClient) = await TestStudents.SignedInAsync(factory);
        var (other, otherClient) = await TestStudents.SignedInAsync(factory, "2026级软件工程1班");
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Students.Include(x => x.Major).SingleAsync(x => x.Id == renamed.Id);
            s.Major.Code = "020101K";
            s.LengthOfStudyTenths = 15;
            s.ExpectedGraduationDate = new DateOnly(2028, 6, 30);
            (s.Department, s.Remark) = ("经济系", Remark);
            await db.SaveChangesAsync();
        });

        var name = await _steps.ReportAsync(renamedClient, renamed.Id, RecordField.Name, "李明远", "身份证为李明远");
        var ethnicity = await _steps.ReportAsync(renamedClient, renamed.Id, RecordField.Ethnicity, "回族", "户口本为回族");
        var rareName = await _steps.ReportAsync(rareClient, rare.Id, RecordField.Name, RareName, "身份证上为䶮");
        var no = await _steps.ReportAsync(rejectedClient, rejected.Id, RecordField.Ethnicity, "满族", "想改");
        var otherEthnicity = await _steps.ReportAsync(otherClient, other.Id, RecordField.Ethnicity, "壮族", "户口本为壮族");

        using (var counselor = await _steps.CounselorAsync())
        {
            foreach (var id in new[] { name, ethnicity, rareName, no })
            {
                await _steps.ReviewAsync(counselor, id, "verify", "核实无误");
            }
        }

        using (var counselor2 = await _steps.StaffAsync(DemoAccounts.Counselor2, DemoAccounts.Counselor2Password))
        {
            await _steps.ReviewAsync(counselor2, otherEthnicity, "verify", "核实无误");
        }

        int batch, otherBatch;
        using (var college = await _steps.CollegeAsync())
        {
            batch = await _steps.SubmitBatchAsync(college, name, ethnicity, rareName, no);
        }

        using (var college2 = await _steps.StaffAsync(DemoAccounts.College2, DemoAccounts.College2Password))
        {
            otherBatch = await _steps.SubmitBatchAsync(college2, otherEthnicity);
        }

        using var registrar = await _steps.RegistrarAsync();
        await _steps.ResolveAsync(registrar, batch, name, correct: true);
        await _steps.ResolveAsync(registrar, batch, ethnicity, correct: true);
        await _steps.ResolveAsync(registrar, batch, rareName, correct: true);
        await _steps.ResolveAsync(registrar, batch, no, correct: false, reason: "户口本仍为汉族");
        await _steps.ResolveAsync(registrar, otherBatch, otherEthnicity, correct: true);
        return await factory.WithDbAsync(async db => new Arranged(
            await db.Reports.Where(r => r.Id == name).Select(r => r.CampaignId).SingleAsync(),
            renamed.CollegeId, renamed, rare, other, rejected));
    }

    // xunit makes a new instance per test; the arrangement is made once per factory (per class) and shared.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PortalFactory, Task<Arranged>> Shared = [];

    private Task<Arranged> ArrangedAsync()
    {
        lock (Shared)
        {
            return Shared.GetValue(factory, _ => ArrangeAsync());
        }
    }

    private static string[] Row(IXLWorksheet ws, int row, int columns) =>
        Enumerable.Range(1, columns).Select(c => ws.Cell(row, c).GetString()).ToArray();

    [Fact]
    public async Task The_xlsx_has_chsi_codes_as_header_the_values_after_correction_and_says_which_fields_changed_and_need_approval()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        var response = await registrar.Http.GetAsync($"/chsi-export/records.xlsx?campaignId={a.CampaignId}&collegeId={a.EconomicsId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var ws = workbook.Worksheet(1);
        Assert.Equal([.. Codes, "更正项目", "更正字段", "需省级审批的项目", "是否需报省级审批", "更正前后", "DBF说明"], Row(ws, 1, 25));

        var rows = Enumerable.Range(2, ws.LastRowUsed().RowNumber() - 1).ToDictionary(r => ws.Cell(r, 2).GetString(), r => r);
        Assert.Equal(new[] { a.Renamed.StudentNumber, a.Rare.StudentNumber }.Order(), rows.Keys.Order());
        var s = await factory.WithDbAsync(db => db.Students.AsNoTracking().Include(x => x.Class).Include(x => x.College).SingleAsync(x => x.Id == a.Renamed.Id));
        var r = rows[a.Renamed.StudentNumber];
        var values = Row(ws, r, 25);
        Assert.Equal(s.ExamNumber, values[0]);
        Assert.Equal("李明远", values[2]);
        Assert.Equal(s.BirthDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), values[4]);
        Assert.Equal(a.Renamed.IdNumber, values[5]);
        Assert.Equal("回族", values[7]);
        Assert.Equal("020101K", values[8]);
        Assert.Equal("1.5", values[11]);
        Assert.Equal($"{s.EnrollmentDate:yyyyMMdd}", values[13]);
        Assert.Equal("经济学院", values[14]);
        Assert.Equal("经济系", values[15]);
        Assert.Equal("2026级经济学1班", values[16]);
        Assert.Equal("20280630", values[17]);
        Assert.Equal(Remark, values[18]);
        Assert.Equal("姓名、民族", values[19]);
        Assert.Equal("XM,MZ", values[20]);
        Assert.Equal("姓名", values[21]);
        Assert.Equal("是", values[22]);
        Assert.Contains("XM：", values[23]);
        Assert.Contains("→ 李明远", values[23]);
        Assert.Equal("", values[24]);
        // Every value is a text cell: 身份证号, 学号 and the dates keep every digit.
        Assert.All(Enumerable.Range(1, 25), c => Assert.Equal(XLDataType.Text, ws.Cell(r, c).DataType));

        // The rare character is carried intact, and the row says it is not in the .dbf.
        var rare = Row(ws, rows[a.Rare.StudentNumber], 25);
        Assert.Equal(RareName, rare[2]);
        Assert.Equal("XM", rare[20]);
        Assert.Contains("GBK", rare[24]);
        var notes = workbook.Worksheet(2);
        Assert.Contains(notes.CellsUsed(), c => c.GetString() == a.Rare.StudentNumber);
        Assert.Contains(notes.CellsUsed(), c => c.GetString() == RareName);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(x => x.Action == AuditActions.Export && x.TargetType == "campaign"
            && x.Details!.Contains("chsi-records;format=xlsx") && x.Details.Contains("notInDbf=1"))));
    }

    [Fact]
    public async Task The_dbf_is_gbk_and_shows_the_new_value_and_the_changed_fields_and_leaves_out_the_name_gbk_cannot_hold()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        var response = await registrar.Http.GetAsync($"/chsi-export/records.dbf?campaignId={a.CampaignId}&collegeId={a.EconomicsId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dbf = TinyDbf.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0x7A, dbf.LanguageDriver);
        Assert.Equal([.. Codes, "GZZD", "SJSP", "FXY"], dbf.Fields.Select(f => f.Name));
        Assert.Equal(40, dbf.Fields.Single(f => f.Name == "XM").Length);
        var record = Assert.Single(dbf.Records);
        Assert.Equal(a.Renamed.StudentNumber, record["XH"]);
        Assert.Equal("李明远", record["XM"]);
        Assert.Equal("回族", record["MZ"]);
        Assert.Equal("1.5", record["XZ"]);
        Assert.Equal(("020101K", "经济系", Remark), (record["ZYDM"], record["XSH"], record["BZ"]));
        Assert.Equal(a.Renamed.IdNumber, record["SFZH"]);
        Assert.Equal("XM,MZ", record["GZZD"]);
        Assert.Equal("XM", record["SJSP"]);
        Assert.Equal("教务系统", record["FXY"]);
        Assert.DoesNotContain(dbf.Records, x => x.Values.Any(v => v.Contains('?')));
    }

    [Fact]
    public async Task The_page_lists_the_row_the_dbf_cannot_carry_and_the_whole_campaign_covers_every_college()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        var (response, page) = await registrar.GetPageAsync($"/chsi-export?campaignId={a.CampaignId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var note = Assert.Single(page.QuerySelectorAll(".dbf-notes li"));
        Assert.Equal(a.Rare.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), note.GetAttribute("data-student"));
        Assert.Contains(RareName, note.TextContent);
        Assert.Contains("共 3 名学生", page.QuerySelector(".corrected-count")!.TextContent);

        var all = TinyDbf.Parse(await registrar.Http.GetByteArrayAsync($"/chsi-export/records.dbf?campaignId={a.CampaignId}"));
        Assert.Equal(new[] { a.Renamed.StudentNumber, a.Other.StudentNumber }.Order(), all.Records.Select(x => x["XH"]).Order());
        Assert.DoesNotContain(all.Records, x => x["XH"] == a.Rejected.StudentNumber);
        Assert.Equal("壮族", all.Records.Single(x => x["XH"] == a.Other.StudentNumber)["MZ"]);
        Assert.Equal("", all.Records.Single(x => x["XH"] == a.Other.StudentNumber)["SJSP"]);
    }

    [Fact]
    public async Task Only_the_registrar_may_export_and_an_unknown_college_is_not_found()
    {
        var a = await ArrangedAsync();
        using var college = await _steps.CollegeAsync();
        var refused = await college.Http.GetAsync($"/chsi-export/records.dbf?campaignId={a.CampaignId}&collegeId={a.EconomicsId}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/denied", new Uri(new Uri("https://localhost"), refused.Headers.Location!).AbsolutePath);

        using var registrar = await _steps.RegistrarAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await registrar.Http.GetAsync($"/chsi-export/records.xlsx?campaignId={a.CampaignId}&collegeId=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await registrar.Http.GetAsync("/chsi-export/records.dbf?campaignId=999999")).StatusCode);
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.UnitTests.Dbf;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>Rosters in CHSI's record structure (field codes as headers) in each format, through the UI's endpoints.</summary>
public class ChsiImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    static ChsiImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The portal's Chinese column → the CHSI code written in the header (deliberately in mixed case).</summary>
    private static readonly (string Chinese, string Code)[] CodeOf =
    [
        ("学号", "xh"), ("考生号", "KSH"), ("姓名", "Xm"), ("性别", "XB"), ("出生日期", "CSRQ"), ("民族", "mz"), ("政治面貌", "ZZMM"),
        ("证件号码", "SFZH"), ("学院", "FY"), ("专业", "ZYMC"), ("班级", "BH"), ("层次", "CC"), ("学制", "XZ"), ("学习形式", "XXXS"),
        ("入学日期", "RXRQ"),
    ];

    private static readonly string[] CodeHeaders = [.. CodeOf.Select(c => c.Code), "ZYDM", "BZ", "YXDM"];

    /// <summary>ImportKit's valid row, renamed to codes, in CHSI's own styles: YYYYMMDD dates, 学制 with a decimal.</summary>
    private static Dictionary<string, string> CodedRow(string lengthOfStudy = "4.0", string remark = "")
    {
        var row = ImportKit.Row();
        var coded = CodeOf.ToDictionary(c => c.Code, c => row[c.Chinese]);
        coded["CSRQ"] = coded["CSRQ"].Replace("-", "", StringComparison.Ordinal);
        coded["RXRQ"] = "2026/9/1";
        coded["XZ"] = lengthOfStudy;
        // 经济学's code in the Ministry's catalogue: the major is shared by every test of the class, so one code for it.
        coded["ZYDM"] = "020101";
        coded["BZ"] = remark;
        coded["YXDM"] = "10534";
        return coded;
    }

    private static Task<List<Student>> StoredAsync(PortalFactory factory, IEnumerable<string> numbers) =>
        factory.WithDbAsync(db => db.Students.AsNoTracking().Where(s => numbers.Contains(s.StudentNumber)).OrderBy(s => s.StudentNumber).ToListAsync());

    private static List<string[]> NeedsAssignment(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("table.needs-assignment tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();

    [Fact]
    public async Task An_xls_made_by_LibreOffice_with_a_title_row_and_lower_case_codes_imports_and_the_row_without_a_student_number_is_listed()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "chsi-roster.xls"));

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "chsi-roster.xls");

        Assert.Equal((ImportStatus.Previewed, 2, 0), (job.Status, job.NewCount, job.RejectedCount));
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Equal(["5", "26110101099003", "学信丙", "XH 学号"], NeedsAssignment(page).Single());
        Assert.Contains("Excel 97–2003 (.xls)", page.QuerySelector("#roster-convention")!.TextContent);
        Assert.Contains("学信网字段代码", page.QuerySelector("#roster-convention")!.TextContent);
        Assert.Contains("YXDM（院校代码）", page.Body!.TextContent);

        job = await ImportKit.CommitAsync(factory, client, job.Id);
        Assert.Equal(ImportStatus.Completed, job.Status);
        var stored = await StoredAsync(factory, ["2026099001", "2026099002"]);
        Assert.Equal(["学信甲", "学信乙"], stored.Select(s => s.Name));
        // 学制 typed as a number comes out of BIFF as 4.0 and 2.0; the dates were text (YYYYMMDD) and a date cell.
        Assert.Equal([40, 20], stored.Select(s => s.LengthOfStudyTenths));
        Assert.Equal(new DateOnly(2005, 7, 20), stored[1].BirthDate);
        Assert.All(stored, s => Assert.Equal(new DateOnly(2026, 9, 1), s.EnrollmentDate));
        Assert.Equal(new DateOnly(2028, 6, 30), stored[1].ExpectedGraduationDate);
        Assert.Equal("26110101099002", stored[1].ExamNumber);
        Assert.False(await factory.WithDbAsync(db => db.Students.AnyAsync(s => s.Name == "学信丙")));
    }

    [Fact]
    public async Task An_xls_whose_id_number_was_typed_as_a_number_rejects_the_row_because_digits_were_lost()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures", "chsi-id-as-number.xls"));

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "chsi-id-as-number.xls");

        Assert.Equal((0, 1), (job.NewCount, job.RejectedCount));
        Assert.Contains("数字已被 Excel 截断", (await ImportKit.RejectedRowsAsync(client, job.Id))[2]);
        job = await ImportKit.CommitAsync(factory, client, job.Id);
        Assert.False(await factory.WithDbAsync(db => db.Students.AnyAsync(s => s.StudentNumber == "2026099011")));
    }

    [Fact]
    public async Task A_coded_xlsx_with_a_number_cell_for_length_of_study_imports_decimals()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var rows = new[] { CodedRow("2", "专科学校：长沙民政职业技术学院；专科毕业证书编号：108651202406000321"), CodedRow("1.5") };
        var bytes = Xlsx.Build(CodeHeaders, rows, (row, h) => h == "XZ" ? Xlsx.Number(row[h]) : null);

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "chsi.xlsx");
        Assert.Equal((2, 0), (job.NewCount, job.RejectedCount));
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);

        var stored = await StoredAsync(factory, rows.Select(r => r["xh"]));
        Assert.Equal([20, 15], stored.Select(s => s.LengthOfStudyTenths));
    }

    [Fact]
    public async Task A_gbk_csv_mixing_codes_and_chinese_names_imports_and_says_it_was_mixed()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var row = CodedRow();
        row["姓名"] = row["Xm"];
        var headers = CodeHeaders.Select(h => h == "Xm" ? "姓名" : h).ToArray();
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(ImportKit.Csv([row], headers));

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes);

        Assert.Equal((1, 0), (job.NewCount, job.RejectedCount));
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Contains("中文列名与学信网字段代码混用", page.QuerySelector("#roster-convention")!.TextContent);
        Assert.DoesNotContain("ZYDM（专业代码）", page.Body!.TextContent);
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);
        Assert.Equal(row["Xm"], (await StoredAsync(factory, [row["xh"]])).Single().Name);
    }

    private static readonly DbfBytes.Field[] DbfFields =
    [
        new("XH", 'C', 15), new("KSH", 'C', 18), new("XM", 'C', 40), new("XB", 'C', 2), new("CSRQ", 'D', 8), new("SFZH", 'C', 18),
        new("MZ", 'C', 20), new("ZYDM", 'C', 8), new("ZYMC", 'C', 50), new("CC", 'C', 10), new("XZ", 'N', 3, 1),
        new("RXRQ", 'D', 8), new("FY", 'C', 50), new("BH", 'C', 50), new("BZ", 'C', 200),
    ];

    private static DbfBytes.Row DbfRow(Dictionary<string, string> r, bool deleted = false) => new(
        [r["xh"], r["KSH"], r["Xm"], r["XB"], r["CSRQ"], r["SFZH"], r["mz"], r["ZYDM"], r["ZYMC"], r["CC"], r["XZ"], "20260901", r["FY"], r["BH"], r["BZ"]],
        deleted);

    [Fact]
    public async Task A_gbk_dbf_imports_its_live_records_and_skips_deleted_ones()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var live = CodedRow("2.0", "专科学校：湖南铁道职业技术学院；专科毕业证书编号：105261202306001111");
        var deleted = CodedRow();
        var noNumber = CodedRow();
        noNumber["xh"] = "";
        var bytes = DbfBytes.Table(DbfFields, [DbfRow(live), DbfRow(deleted, deleted: true), DbfRow(noNumber)]);

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "xsxx.dbf");

        Assert.Equal((1, 0), (job.NewCount, job.RejectedCount));
        // A dBase tool numbers records from 1, deleted ones included: the new student without 学号 is record 3.
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Equal(["3", noNumber["KSH"], noNumber["Xm"], "XH 学号"], NeedsAssignment(page).Single());
        Assert.Contains("dBase (.dbf)", page.QuerySelector("#roster-convention")!.TextContent);
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);

        var stored = await StoredAsync(factory, [live["xh"], deleted["xh"]]);
        var student = Assert.Single(stored);
        Assert.Equal((live["Xm"], 20), (student.Name, student.LengthOfStudyTenths));
    }

    [Theory]
    [InlineData("truncated", "dBase（.dbf）文件不完整：文件头声明 2 条记录，文件中只有 1 条完整记录")]
    [InlineData("count-lies", "dBase（.dbf）文件的记录数与内容不符：文件头声明 1 条记录，文件中却有 2 条")]
    public async Task A_broken_dbf_is_refused_at_upload_with_a_clear_message_and_nothing_is_stored(string kind, string message)
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var a = CodedRow();
        var b = CodedRow();
        var bytes = kind == "truncated"
            ? DbfBytes.Table(DbfFields, [DbfRow(a), DbfRow(b)], endOfFileMark: false)[..^20]
            : DbfBytes.Table(DbfFields, [DbfRow(a), DbfRow(b)], declaredRecords: 1, endOfFileMark: false);
        var jobs = await factory.WithDbAsync(db => db.ImportJobs.CountAsync());

        var upload = await ImportKit.UploadRosterAsync(client, bytes, "xsxx.dbf");

        Assert.Contains(message, await ImportKit.RefusalAsync(client, upload));
        Assert.Equal(jobs, await factory.WithDbAsync(db => db.ImportJobs.CountAsync()));
        Assert.Empty(await StoredAsync(factory, [a["xh"], b["xh"]]));
    }

    /// <summary>A 专升本 student of a new major with a suffixed code, 系所 and 备注 naming the 专科 school.</summary>
    private static Dictionary<string, string> UpgradeRow()
    {
        var row = CodedRow("2", "专升本；专科学校：湖南工业职业技术学院；专科毕业证书编号：105341202305001234");
        (row["FY"], row["ZYMC"], row["ZYDM"], row["BH"]) = ("信息科学与工程学院", "数据科学与大数据技术", "080910T", "2026级数据科学专升本1班");
        row["XSH"] = "数据科学系";
        return row;
    }

    private static readonly string[] UpgradeHeaders = [.. CodeHeaders, "XSH"];

    [Fact]
    public async Task A_coded_roster_gives_the_major_its_code_keeps_department_and_remark_and_the_upgrade_student_sees_the_junior_college()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var row = UpgradeRow();
        var bytes = Xlsx.Build(UpgradeHeaders, [row]);

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "chsi.xlsx", createUnknown: true);
        Assert.Equal((1, 0), (job.NewCount, job.RejectedCount));
        var (_, preview) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Contains("信息科学与工程学院 / 数据科学与大数据技术（080910T）", preview.QuerySelector("ul.new-units")!.TextContent);
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);

        var student = await factory.WithDbAsync(db => db.Students.AsNoTracking().Include(s => s.Major).SingleAsync(s => s.StudentNumber == row["xh"]));
        Assert.Equal(("080910T", "数据科学系", row["BZ"], 20), (student.Major.Code, student.Department, student.Remark, student.LengthOfStudyTenths));

        // The registrar's page shows the code, 系所 and 备注; the student's shows the code and what 备注 says, read-only.
        var (_, staffPage) = await client.GetPageAsync($"/tracking/students/{student.Id}");
        Assert.Equal("080910T", staffPage.QuerySelector("#major-code")!.TextContent.Trim());
        Assert.Equal(row["BZ"], staffPage.QuerySelector("#remark")!.TextContent.Trim());
        Assert.Contains("数据科学系", staffPage.QuerySelector("dl.record")!.TextContent);
        using var own = factory.NewClient();
        await own.SignInStudentWithOwnPasswordAsync(row["xh"], Data.Rules.InitialPassword.For(row["SFZH"]));
        var (_, me) = await own.GetPageAsync("/me");
        Assert.Equal("080910T", me.QuerySelector("#major-code")!.TextContent.Trim());
        Assert.Equal("湖南工业职业技术学院", me.QuerySelector("#prior-school")!.TextContent.Trim());
        Assert.Equal("105341202305001234", me.QuerySelector("#prior-diploma")!.TextContent.Trim());
        Assert.Null(me.QuerySelector("#remark"));
        Assert.Null(me.QuerySelector("[data-field=MajorCode] .report-link"));
    }

    [Fact]
    public async Task The_preview_of_a_chsi_coded_file_names_each_bad_value_by_code_column_and_value()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var good = CodedRow();
        var bad = CodedRow();
        (bad["CSRQ"], bad["mz"], bad["XZ"], bad["ZYDM"], bad["Xm"]) = ("2026-13-40", "火星", "9", "08091", "");
        bad["NJ"] = "明年";
        var idLost = CodedRow();
        var bytes = Xlsx.Build([.. CodeHeaders, "NJ"], [good, bad, idLost],
            (row, h) => row == idLost && h == "SFZH" ? Xlsx.Number("4.30104200803151E+17") : null);

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "chsi-bad.xlsx");

        Assert.Equal((1, 2), (job.NewCount, job.RejectedCount));
        var rejected = await ImportKit.RejectedRowsAsync(client, job.Id);
        // What the registrar reads beside row 3: one reason per bad value, each naming CHSI's code and the column.
        Assert.Equal(
            "XM 姓名：不能为空；CSRQ 出生日期「2026-13-40」：不是有效的日期（可写作 2026-09-01、20260901 或 2026/9/1）；" +
            "MZ 民族「火星」：不在代码表中；XZ 学制「9」：应为 1 到 8 年，以半年为单位（如 4、2.5）；" +
            "年级「明年」：应为四位年份，如 2026；ZYDM 专业代码「08091」：应为 6 位数字，可带字母后缀，如 080910T",
            rejected[3]);
        Assert.StartsWith("SFZH 证件号码「", rejected[4]);
        Assert.EndsWith("」：单元格是数字格式，数字已被 Excel 截断：请把该列设为文本格式后重新填写", rejected[4]);

        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);
        Assert.Equal([good["xh"]], (await StoredAsync(factory, [good["xh"], bad["xh"], idLost["xh"]])).Select(s => s.StudentNumber));
    }

    [Fact]
    public async Task A_row_whose_major_code_differs_from_the_registered_one_is_rejected_and_the_code_stays()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var first = CodedRow();
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client,
            (await ImportKit.UploadAndPreviewAsync(factory, client, Xlsx.Build(CodeHeaders, [first]), "a.xlsx")).Id)).Status);
        var wrong = CodedRow();
        wrong["ZYDM"] = "020102";
        var inFile = CodedRow();
        var (a, b) = (CodedRow(), CodedRow());
        (a["ZYMC"], a["ZYDM"], b["ZYMC"], b["ZYDM"]) = ("国际经济与贸易", "020401", "国际经济与贸易", "020402");

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, Xlsx.Build(CodeHeaders, [wrong, inFile, a, b]), "b.xlsx", createUnknown: true);

        Assert.Equal((2, 2), (job.NewCount, job.RejectedCount));
        var rejected = await ImportKit.RejectedRowsAsync(client, job.Id);
        Assert.Contains("ZYDM 专业代码「020102」：与专业“经济学”已登记的代码“020101”不一致", rejected[2]);
        Assert.Contains("ZYDM 专业代码「020402」：与第 4 行给专业“国际经济与贸易”的代码“020401”不一致", rejected[5]);
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);
        var codes = await factory.WithDbAsync(db => db.Majors.Where(m => m.Name == "经济学" || m.Name == "国际经济与贸易")
            .ToDictionaryAsync(m => m.Name, m => m.Code));
        Assert.Equal(("020101", "020401"), (codes["经济学"], codes["国际经济与贸易"]));
        Assert.Empty(await StoredAsync(factory, [wrong["xh"], b["xh"]]));
    }

    [Fact]
    public async Task Rows_without_student_number_or_class_update_the_student_they_match_and_list_the_new_ones()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var (byExam, byId) = (CodedRow(), CodedRow());
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client,
            (await ImportKit.UploadAndPreviewAsync(factory, client, Xlsx.Build(CodeHeaders, [byExam, byId]), "first.xlsx")).Id)).Status);
        var stored = await StoredAsync(factory, [byExam["xh"], byId["xh"]]);

        // CHSI's file, before the school assigned numbers: one student found by 考生号 (and corrected), one by 证件号码
        // alone (unchanged), one new student; then one whose 考生号 and 证件号码 name two students.
        var (updated, unchanged, fresh, crossed) = (new Dictionary<string, string>(byExam), new Dictionary<string, string>(byId), CodedRow(), CodedRow());
        (updated["xh"], updated["BH"], updated["ZZMM"], updated["SFZH"]) = ("", "", "共青团员", byExam["SFZH"]);
        (unchanged["xh"], unchanged["KSH"]) = ("", "");
        (fresh["xh"], fresh["BH"]) = ("", "");
        (crossed["xh"], crossed["KSH"], crossed["SFZH"]) = ("", byExam["KSH"], byId["SFZH"]);
        var job = await ImportKit.UploadAndPreviewAsync(factory, client, Xlsx.Build(CodeHeaders, [updated, unchanged, fresh]), "chsi.xlsx");

        Assert.Equal((0, 1, 1, 0), (job.NewCount, job.UpdatedCount, job.UnchangedCount, job.RejectedCount));
        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Equal(["4", fresh["KSH"], fresh["Xm"], "XH 学号、BH 班级"], NeedsAssignment(page).Single());
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(factory, client, job.Id)).Status);
        var crossedJob = await ImportKit.UploadAndPreviewAsync(factory, client, Xlsx.Build(CodeHeaders, [crossed]), "crossed.xlsx");
        Assert.Contains($"考生号与证件号码分属两名学生（学号 {byExam["xh"]}、{byId["xh"]}）", (await ImportKit.RejectedRowsAsync(client, crossedJob.Id))[2]);

        var after = await StoredAsync(factory, [byExam["xh"], byId["xh"]]);
        Assert.Equal(("共青团员", stored[0].ClassId), (after[0].PoliticalStatus, after[0].ClassId));
        Assert.Equal(stored[1].UpdatedAt, after[1].UpdatedAt);
        Assert.False(await factory.WithDbAsync(db => db.Students.AnyAsync(s => s.ExamNumber == fresh["KSH"])));
        Assert.True(await factory.WithDbAsync(db => db.RecordChanges.AnyAsync(c => c.StudentId == stored[0].Id && c.Field == RecordField.PoliticalStatus)));
    }
}

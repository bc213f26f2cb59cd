using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Import;

public class RosterImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    static RosterImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task The_demo_roster_imports_cleanly_and_changes_nothing_that_is_already_there()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var csv = ReadDemoRoster();

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, csv, "demo-roster.csv");

        Assert.Equal(ImportStatus.Previewed, job.Status);
        Assert.Equal((0, 0, 40, 0), (job.NewCount, job.UpdatedCount, job.UnchangedCount, job.RejectedCount));
    }

    [Fact]
    public async Task The_downloadable_template_imports_cleanly()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var template = await client.Http.GetAsync("/import/template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var bytes = await template.Content.ReadAsByteArrayAsync();

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "template.xlsx");

        Assert.Equal(ImportStatus.Previewed, job.Status);
        Assert.Equal((1, 0), (job.NewCount, job.RejectedCount));
        // Every column of the template is one the reader knows, the contact columns (电子邮箱, 企业微信账号) included.
        Assert.Empty(RegistryCheck.Web.Features.Import.ImportResult.Read(job.ResultJson).IgnoredColumns);
        var cancel = await client.PostFormAsync($"/import/{job.Id}/cancel", [], $"/import/{job.Id}");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.Equal(ImportStatus.Cancelled, (await ImportKit.WaitAsync(factory, job.Id)).Status);
        Assert.False(await factory.WithDbAsync(db => db.Students.AnyAsync(s => s.StudentNumber == "2026019999")));
    }

    [Theory]
    [InlineData("utf8")]
    [InlineData("utf8-bom")]
    [InlineData("gbk")]
    public async Task A_csv_roster_in_each_encoding_imports_with_its_chinese_text_intact(string encoding)
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var row = ImportKit.Row();
        row["姓名"] = "欧阳·娜仁";
        var csv = ImportKit.Csv([row]);
        var bytes = encoding switch
        {
            "utf8" => ImportKit.Utf8(csv),
            "utf8-bom" => ImportKit.Utf8(csv, bom: true),
            _ => Encoding.GetEncoding("GB18030").GetBytes(csv),
        };

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes);
        Assert.Equal((1, 0), (job.NewCount, job.RejectedCount));
        job = await ImportKit.CommitAsync(factory, client, job.Id);

        Assert.Equal(ImportStatus.Completed, job.Status);
        var student = await factory.WithDbAsync(db => db.Students.Include(s => s.Class).SingleAsync(s => s.StudentNumber == row["学号"]));
        Assert.Equal("欧阳·娜仁", student.Name);
        Assert.Equal("2026级经济学1班", student.Class.Name);
        Assert.Equal(2026, student.Cohort);
    }

    [Fact]
    public async Task Numbers_are_normalised_fifteen_digit_ids_converted_and_spaces_trimmed()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var legacy = ImportKit.Row();
        // 15-digit: area + YYMMDD + sequence 123 (odd: male).
        legacy["证件号码"] = "110101070315123";
        legacy["出生日期"] = "1907-03-15";
        legacy["性别"] = "男";
        var lowerX = ImportKit.Row();
        var lowerId = FindIdEndingInX();
        lowerX["证件号码"] = lowerId.ToLowerInvariant();
        lowerX["出生日期"] = $"{lowerId[6..10]}-{lowerId[10..12]}-{lowerId[12..14]}";
        lowerX["性别"] = (lowerId[16] - '0') % 2 == 1 ? "男" : "女";
        var fullWidth = ImportKit.Row();
        var number = fullWidth["学号"];
        fullWidth["学号"] = " " + string.Concat(number.Select(c => (char)(c - '0' + '０'))) + "　";
        fullWidth["姓名"] = "  张 三 ";
        fullWidth["民族"] = " 汉族 ";

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([legacy, lowerX, fullWidth])));
        Assert.Equal((3, 0), (job.NewCount, job.RejectedCount));
        await ImportKit.CommitAsync(factory, client, job.Id);

        await factory.WithDbAsync(async db =>
        {
            var converted = await db.Students.SingleAsync(s => s.StudentNumber == legacy["学号"]);
            Assert.Equal("11010119070315123X".Length, converted.IdNumber.Length);
            Assert.StartsWith("11010119070315123", converted.IdNumber);
            Assert.Equal(RegistryCheck.Data.Rules.IdNumber.ComputeCheckCharacter("11010119070315123"), converted.IdNumber[17]);
            Assert.Equal(lowerId, (await db.Students.SingleAsync(s => s.StudentNumber == lowerX["学号"])).IdNumber);
            var trimmed = await db.Students.SingleAsync(s => s.StudentNumber == number);
            Assert.Equal("张三", trimmed.Name);
            Assert.Equal("汉族", trimmed.Ethnicity);
        });
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_rejected_with_its_row_number_and_reason_and_the_good_rows_import()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var existing = await TestStudents.AddAsync(factory);
        var good = ImportKit.Row();
        var checksum = ImportKit.Row();
        checksum["证件号码"] = checksum["证件号码"][..17] + (checksum["证件号码"][17] == '0' ? '1' : '0');
        var birth = ImportKit.Row();
        birth["出生日期"] = "2001-01-01";
        var gender = ImportKit.Row();
        gender["性别"] = "女";
        var missing = ImportKit.Row();
        missing["姓名"] = "";
        var dupA = ImportKit.Row();
        var dupB = ImportKit.Row();
        dupB["学号"] = dupA["学号"];
        var vsDb = ImportKit.Row();
        vsDb["证件号码"] = existing.IdNumber;
        vsDb.Remove("出生日期");
        vsDb.Remove("性别");
        var unknownClass = ImportKit.Row();
        unknownClass["班级"] = "2026级不存在的班";
        var badDate = ImportKit.Row();
        badDate["入学日期"] = "九月";

        var rows = new[] { good, checksum, birth, gender, missing, dupA, dupB, vsDb, unknownClass, badDate };
        var job = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv(rows)));

        Assert.Equal((1, 9), (job.NewCount, job.RejectedCount));
        var rejected = await ImportKit.RejectedRowsAsync(client, job.Id);
        // Each reason names CHSI's field code, the column, the value (an ID number masked) and why.
        Assert.Contains($"SFZH 证件号码「{IdNumber.Mask(checksum["证件号码"])}」：校验位不正确", rejected[3]);
        Assert.Contains("CSRQ 出生日期「2001-01-01」：与证件号码不一致", rejected[4]);
        Assert.Contains("XB 性别「女」：与证件号码不一致", rejected[5]);
        Assert.Contains("XM 姓名：不能为空", rejected[6]);
        Assert.Contains($"XH 学号「{dupA["学号"]}」：与第 8 行重复", rejected[7]);
        Assert.Contains($"XH 学号「{dupA["学号"]}」：与第 7 行重复", rejected[8]);
        Assert.Contains($"SFZH 证件号码「{IdNumber.Mask(existing.IdNumber)}」：已属于另一名学生（学号 {existing.StudentNumber}）", rejected[9]);
        Assert.Contains("BH 班级「2026级不存在的班」：不在院系“经济学院”的 2026 级中", rejected[10]);
        Assert.Contains("RXRQ 入学日期「九月」：不是有效的日期", rejected[11]);
        Assert.DoesNotContain(existing.IdNumber, rejected[9]);

        job = await ImportKit.CommitAsync(factory, client, job.Id);
        Assert.Equal(ImportStatus.Completed, job.Status);
        var stored = await factory.WithDbAsync(db => db.Students.Where(s => rows.Select(r => r["学号"]).Contains(s.StudentNumber)).Select(s => s.StudentNumber).ToListAsync());
        Assert.Equal([good["学号"]], stored);
        Assert.False(await factory.WithDbAsync(db => db.Classes.AnyAsync(c => c.Name == "2026级不存在的班")));
    }

    [Fact]
    public async Task An_unknown_class_is_created_only_when_the_registrar_asks_for_it()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var row = ImportKit.Row();
        row["学院"] = "新闻学院";
        row["专业"] = "新闻学";
        row["班级"] = "2026级新闻学1班";

        var refused = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([row])));
        Assert.Equal((0, 1), (refused.NewCount, refused.RejectedCount));
        Assert.Contains("FY 学院「新闻学院」：不存在", (await ImportKit.RejectedRowsAsync(client, refused.Id))[2]);

        var created = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([row])), createUnknown: true);
        Assert.Equal((1, 0), (created.NewCount, created.RejectedCount));
        var (_, preview) = await client.GetPageAsync($"/import/{created.Id}");
        Assert.Contains("新闻学院 / 2026级新闻学1班", preview.QuerySelector("ul.new-units")!.TextContent);
        await ImportKit.CommitAsync(factory, client, created.Id);

        var student = await factory.WithDbAsync(db => db.Students.Include(s => s.Class).ThenInclude(c => c.Major).Include(s => s.College)
            .SingleAsync(s => s.StudentNumber == row["学号"]));
        Assert.Equal("新闻学院", student.College.Name);
        Assert.Equal("新闻学", student.Class.Major!.Name);
        Assert.Equal(2026, student.Class.Cohort);
    }

    [Theory]
    [InlineData("random", "无法识别该文件")]
    [InlineData("empty", "文件是空的")]
    [InlineData("text", "未找到表头")]
    [InlineData("zip", "无法识别该文件")]
    [InlineData("headers", "缺少必需的列：证件号码、班级")]
    public async Task A_file_that_is_not_a_usable_roster_is_refused_with_a_message_and_nothing_is_stored(string kind, string message)
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var bytes = kind switch
        {
            "random" => RandomBytes(),
            "empty" => [],
            "text" => ImportKit.Utf8("Dear registrar,\nplease find the list attached.\nRegards\n"),
            "zip" => ZipWith("readme.txt", "hello"),
            _ => ImportKit.Utf8(ImportKit.Csv([ImportKit.Row()], ImportKit.Headers.Where(h => h is not ("证件号码" or "班级")).ToArray())),
        };
        var before = await factory.WithDbAsync(db => db.ImportJobs.CountAsync());

        var upload = await ImportKit.UploadRosterAsync(client, bytes, kind == "zip" ? "roster.xlsx" : "roster.csv");

        Assert.Contains(message, await ImportKit.RefusalAsync(client, upload));
        Assert.Equal(before, await factory.WithDbAsync(db => db.ImportJobs.CountAsync()));
    }

    [Fact]
    public async Task Reimporting_the_same_file_changes_nothing_and_a_corrected_file_updates_keeping_check_state_and_password()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var row = ImportKit.Row();
        var csv = ImportKit.Utf8(ImportKit.Csv([row]));
        await ImportKit.CommitAsync(factory, client, (await ImportKit.UploadAndPreviewAsync(factory, client, csv)).Id);

        // The student signs in, sets a password and confirms the record.
        using (var student = factory.NewClient())
        {
            await student.SignInStudentWithOwnPasswordAsync(row["学号"], row["证件号码"][^6..]);
            var confirm = await student.PostFormAsync("/me/confirm");
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        }

        var before = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == row["学号"])
            .Select(u => new { u.PasswordHash, u.Student!.Version, State = db.StudentChecks.Single(c => c.StudentId == u.StudentId).State }).SingleAsync());
        Assert.NotNull(before.PasswordHash);
        Assert.Equal(CheckState.Confirmed, before.State);

        var again = await ImportKit.UploadAndPreviewAsync(factory, client, csv);
        Assert.Equal((0, 0, 1, 0), (again.NewCount, again.UpdatedCount, again.UnchangedCount, again.RejectedCount));
        again = await ImportKit.CommitAsync(factory, client, again.Id);
        Assert.Equal(ImportStatus.Completed, again.Status);

        row["联系电话"] = "13912345678";
        row["民族"] = "回族";
        var corrected = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([row])));
        Assert.Equal((0, 1, 0, 0), (corrected.NewCount, corrected.UpdatedCount, corrected.UnchangedCount, corrected.RejectedCount));
        await ImportKit.CommitAsync(factory, client, corrected.Id);

        await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.Include(u => u.Student).SingleAsync(u => u.UserName == row["学号"]);
            Assert.Equal(before.PasswordHash, user.PasswordHash);
            Assert.Equal("回族", user.Student!.Ethnicity);
            Assert.Equal("13912345678", user.Student.Phone);
            Assert.Equal(CheckState.Confirmed, (await db.StudentChecks.SingleAsync(c => c.StudentId == user.StudentId)).State);
            var changes = await db.RecordChanges.Where(c => c.StudentId == user.StudentId).OrderBy(c => c.Field).ToListAsync();
            Assert.Equal([RecordField.Ethnicity, RecordField.Phone], changes.Select(c => c.Field));
            Assert.All(changes, c => Assert.Equal(corrected.Id, c.ImportJobId));
            Assert.Equal("汉族", changes[0].OldValue);
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "import" && a.TargetId == corrected.Id.ToString() && a.Details!.Contains("updated=1")));
        });
    }

    /// <summary>
    /// The commit reuses the preview's parse of the file (ADR-030) but plans again against the database as it is at
    /// commit time: a student another import stored meanwhile is updated, not inserted twice, and what the preview's
    /// plan did to its rows (a new student counted) does not carry over.
    /// </summary>
    [Fact]
    public async Task A_student_stored_between_preview_and_commit_is_updated_by_the_commit_not_added_twice()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var (first, second) = (ImportKit.Row(), ImportKit.Row());
        var preview = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([first, second])));
        Assert.Equal((2, 0, 0, 0), (preview.NewCount, preview.UpdatedCount, preview.UnchangedCount, preview.RejectedCount));

        // Meanwhile another roster stores the first student with another 民族.
        var meanwhile = new Dictionary<string, string>(first) { ["民族"] = "回族" };
        await ImportKit.CommitAsync(factory, client, (await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([meanwhile])))).Id);

        var committed = await ImportKit.CommitAsync(factory, client, preview.Id);

        Assert.Equal(ImportStatus.Completed, committed.Status);
        Assert.Equal((1, 1, 0, 0), (committed.NewCount, committed.UpdatedCount, committed.UnchangedCount, committed.RejectedCount));
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Students.Where(s => s.StudentNumber == first["学号"] || s.StudentNumber == second["学号"])
                .Select(s => new { s.StudentNumber, s.Ethnicity }).ToListAsync();
            Assert.Equal(2, stored.Count);
            Assert.Equal("汉族", stored.Single(s => s.StudentNumber == first["学号"]).Ethnicity);
            Assert.Equal(1, await db.Users.CountAsync(u => u.UserName == first["学号"]));
            Assert.Equal(1, await db.RecordChanges.CountAsync(c => c.ImportJobId == preview.Id && c.Field == RecordField.Ethnicity));
        });
    }

    [Fact]
    public async Task An_xlsx_with_an_id_typed_as_a_number_rejects_the_row_because_digits_were_lost_and_reads_date_serials()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var good = ImportKit.Row();
        var lost = ImportKit.Row();
        var bytes = Xlsx.Build(ImportKit.Headers, [good, lost], (row, header) =>
            row == lost && header == "证件号码" ? Xlsx.Number("4.30104200803151E+17")
            : header == "入学日期" ? Xlsx.Number("46266") // 2026-09-01 as an OLE Automation date
            : null);

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, bytes, "roster.xlsx");

        Assert.Equal((1, 1), (job.NewCount, job.RejectedCount));
        Assert.Contains("SFZH 证件号码「", (await ImportKit.RejectedRowsAsync(client, job.Id))[3]);
        Assert.Contains("」：单元格是数字格式，数字已被 Excel 截断", (await ImportKit.RejectedRowsAsync(client, job.Id))[3]);
        await ImportKit.CommitAsync(factory, client, job.Id);
        Assert.Equal(new DateOnly(2026, 9, 1), await factory.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == good["学号"]).Select(s => s.EnrollmentDate).SingleAsync()));
    }

    [Fact]
    public async Task The_job_page_shows_the_preview_counts_and_the_progress_endpoint_says_finished()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var job = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([ImportKit.Row(), ImportKit.Row(female: true)])));

        var (_, page) = await client.GetPageAsync($"/import/{job.Id}");
        Assert.Equal("2", page.QuerySelector("#count-new")!.TextContent);
        Assert.NotNull(page.QuerySelector("#commit"));
        var progress = await client.Http.GetStringAsync($"/import/{job.Id}/progress");
        Assert.Contains("\"finished\":true", progress);
        Assert.Contains("\"status\":\"Previewed\"", progress);
        var (_, hub) = await client.GetPageAsync("/staff");
        Assert.NotNull(hub.QuerySelector("a[href='/import']"));
    }

    internal static byte[] ReadDemoRoster()
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream("Seeds/demo-roster.csv")!;
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    private static string FindIdEndingInX()
    {
        for (var seq = 100; seq < 999; seq++)
        {
            var first17 = $"11010120080505{seq:000}";
            if (RegistryCheck.Data.Rules.IdNumber.ComputeCheckCharacter(first17) == 'X')
            {
                return first17 + "X";
            }
        }

        throw new InvalidOperationException();
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x01;
        return bytes;
    }

    internal static byte[] ZipWith(string name, string text)
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, true))
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open());
            w.Write(text);
        }

        return ms.ToArray();
    }

    [Fact]
    public async Task Usual_variants_are_mapped_to_the_code_tables_and_the_preview_names_each_mapping()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var rows = Enumerable.Range(0, 3).Select(_ => ImportKit.Row()).ToList();
        foreach (var r in rows)
        {
            r["民族"] = "汉";
            r["政治面貌"] = "团员";
        }

        rows[2]["民族"] = "火星族";
        var job = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv(rows)));
        Assert.Equal((2, 1), (job.NewCount, job.RejectedCount));
        var (_, preview) = await client.GetPageAsync($"/import/{job.Id}");
        var mapped = preview.QuerySelector("ul.mapped")!.TextContent;
        Assert.Contains("民族：“汉” → “汉族”（2 行）", mapped);
        Assert.Contains("政治面貌：“团员” → “共青团员”（2 行）", mapped);
        Assert.Contains("MZ 民族「火星族」：不在代码表中", (await ImportKit.RejectedRowsAsync(client, job.Id))[4]);

        await ImportKit.CommitAsync(factory, client, job.Id);
        var stored = await factory.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == rows[0]["学号"]));
        Assert.Equal(("汉族", "共青团员"), (stored.Ethnicity, stored.PoliticalStatus));
    }

    [Fact]
    public async Task A_re_import_that_changes_a_name_changes_the_accounts_display_name()
    {
        using var client = await ImportKit.RegistrarAsync(factory);
        var row = ImportKit.Row();
        await ImportKit.CommitAsync(factory, client, (await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([row])))).Id);
        row["姓名"] = "改名后";

        var job = await ImportKit.UploadAndPreviewAsync(factory, client, ImportKit.Utf8(ImportKit.Csv([row])));
        Assert.Equal(1, job.UpdatedCount);
        await ImportKit.CommitAsync(factory, client, job.Id);

        Assert.Equal("改名后", await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == row["学号"]).Select(u => u.DisplayName).SingleAsync()));
    }
}

using System.Text;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Import;

public class RosterFileTests
{
    static RosterFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Header = "学号,姓名,证件号码,民族,学院,专业,班级,入学日期";

    private static readonly DateOnly Today = new(2026, 11, 28);

    private static List<RosterRecord> Records(byte[] content)
    {
        using var file = RosterFile.Open(content);
        return file.DataRows().Select(r => RosterRowParser.Parse(r, file.Columns, Today)).ToList();
    }

    [Theory]
    [InlineData("utf8")]
    [InlineData("bom")]
    [InlineData("gb18030")]
    [InlineData("utf16")]
    public void Csv_is_decoded_in_every_encoding_chinese_excel_writes(string encoding)
    {
        var text = Header + "\r\n2026010001,李明轩,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,2026-09-01\r\n";
        var bytes = encoding switch
        {
            "utf8" => Encoding.UTF8.GetBytes(text),
            "bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "gb18030" => Encoding.GetEncoding("GB18030").GetBytes(text),
            _ => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text.Replace(',', '\t'))],
        };

        var record = Assert.Single(Records(bytes));

        Assert.True(record.IsValid, string.Join("; ", record.Problems.Select(p => p.Key)));
        Assert.Equal("李明轩", record.Name);
        Assert.Equal("2026级经济学1班", record.Class);
    }

    [Fact]
    public void Rfc4180_quoting_keeps_commas_quotes_and_line_breaks_inside_a_field()
    {
        var text = "\"学号\",\"姓名\",证件号码,民族,学院,专业,\"班级\",入学日期,家长意见\n" +
                   "2026010001,\"李明轩\",430104200803151230,汉族,\"经济学院\",经济学,2026级经济学1班,2026-09-01,\"说\"\"好\"\",\n第二行\"\n";

        using var file = RosterFile.Open(Encoding.UTF8.GetBytes(text));
        var row = Assert.Single(file.DataRows());

        Assert.Equal("说\"好\",\n第二行", row[8].Text);
        Assert.Equal(["家长意见"], file.IgnoredHeaders);
    }

    [Fact]
    public void Headers_are_found_below_a_title_row_in_any_order_with_synonyms_and_notes()
    {
        var text = "2026级新生名单,,,,,,,\n" +
                   "院系, 身份证号 ,学号（必填）,*姓名,民族,专业,行政班,入学时间\n" +
                   "经济学院,430104200803151230,2026010001,李明轩,汉族,经济学,2026级经济学1班,2026/9/1\n";

        var record = Assert.Single(Records(Encoding.UTF8.GetBytes(text)));

        Assert.True(record.IsValid);
        Assert.Equal("2026010001", record.StudentNumber);
        Assert.Equal(new DateOnly(2026, 9, 1), record.EnrollmentDate);
        Assert.Equal(2026, record.Cohort);
    }

    [Theory]
    [InlineData("", "文件是空的")]
    [InlineData("学号,姓名,民族,学院,专业,入学日期\n1,张三,汉族,a,b,2026-09-01\n", "缺少必需的列：{0}")]
    [InlineData("学号,学号,姓名,证件号码,民族,学院,专业,班级,入学日期\n", "列「{0}」出现了不止一次，请删除重复的列")]
    [InlineData("hello, world\nthis is a letter\n", "未找到表头：前几行中没有“学号”“姓名”“证件号码”等列名")]
    public void Files_that_are_not_usable_rosters_are_refused_with_a_reason(string text, string key)
    {
        var ex = Assert.Throws<RosterFileException>(() => RosterFile.Open(Encoding.UTF8.GetBytes(text)).Dispose());

        Assert.Equal(key, ex.Problem.Key);
        if (key == "缺少必需的列：{0}")
        {
            Assert.Equal("证件号码、班级", ex.Problem.Args[0]);
        }
    }

    [Fact]
    public void Binary_data_a_zip_that_is_no_workbook_and_an_old_xls_are_refused()
    {
        var random = new byte[2048];
        new Random(1).NextBytes(random);
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, true))
        {
            using var w = new StreamWriter(archive.CreateEntry("a.txt").Open());
            w.Write("hi");
        }

        byte[] xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];

        Assert.StartsWith("无法识别该文件", Assert.Throws<RosterFileException>(() => RosterFile.Open(random)).Problem.Key);
        Assert.StartsWith("无法识别该文件", Assert.Throws<RosterFileException>(() => RosterFile.Open(zip.ToArray())).Problem.Key);
        Assert.StartsWith("无法识别该文件", Assert.Throws<RosterFileException>(() => RosterFile.Open(xls)).Problem.Key);
    }

    [Fact]
    public void A_fifteen_digit_id_is_converted_and_a_lower_case_x_and_full_width_digits_are_normalised()
    {
        var fifteen = "110101070315123";
        var x = FindIdEndingInX();
        var text = Header + ",性别,出生日期\n" +
                   $"２０２６０１０００１,张三,{fifteen},汉族,经济学院,经济学,1班,2026-09-01,男,1907-03-15\n" +
                   $" 2026010002 ,李四,{x.ToLowerInvariant()},汉族,经济学院,经济学,1班,2026-09-01,,\n" +
                   $"2026010003,王五,{string.Concat(x.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : 'ｘ'))},汉族,经济学院,经济学,1班,2026-09-01,,\n";

        var records = Records(Encoding.UTF8.GetBytes(text));

        Assert.All(records, r => Assert.True(r.IsValid, string.Join("; ", r.Problems.Select(p => p.Key))));
        Assert.Equal("2026010001", records[0].StudentNumber);
        Assert.Equal("11010119070315123" + IdNumber.ComputeCheckCharacter("11010119070315123"), records[0].IdNumber);
        Assert.Equal("2026010002", records[1].StudentNumber);
        Assert.Equal(x, records[1].IdNumber);
        Assert.Equal(x, records[2].IdNumber);
    }

    [Fact]
    public void Each_bad_value_gives_its_own_reason()
    {
        var text = Header + ",性别,出生日期,学制\n" +
                   "2026010001,张三,430104200803151231,汉族,经济学院,经济学,1班,2026-09-01,,,\n" +
                   "2026010002,张三,430104200803151230,汉族,经济学院,经济学,1班,2026-09-01,女,2008-03-16,\n" +
                   "2026-01,,,汉族,经济学院,经济学,1班,明年,男,,九\n" +
                   "2026010004,张三,4.30104200803151E+17,汉族,经济学院,经济学,1班,2026-09-01,,,\n";

        var records = Records(Encoding.UTF8.GetBytes(text));

        // A problem of one field names CHSI's code (where CHSI has one), the column, the value and why.
        var id = Assert.Single(records[0].Problems);
        Assert.Equal(("SFZH", "证件号码", "430104********1231", "校验位不正确，请核对每一位"), (id.Code, id.Label, id.Value, id.Key));
        Assert.Equal([("XB", "女", "与证件号码不一致（按证件号码应为“{0}”）"), ("CSRQ", "2008-03-16", "与证件号码不一致（按证件号码应为 {0}）")],
            records[1].Problems.Select(p => (p.Code, p.Value, p.Key)));
        // The field rules' own messages (FieldMessages) name the field; in a row they come without it, the prefix names it.
        Assert.Contains(records[2].Problems, p => p is { Code: "XH", Label: "学号", Value: "2026-01", Key: "只能包含字母和数字" });
        Assert.Contains(records[2].Problems, p => p is { Code: "XM", Label: "姓名", Value: null, Key: "不能为空" });
        Assert.Contains(records[2].Problems, p => p is { Code: "SFZH", Value: null, Key: "不能为空" });
        Assert.Contains(records[2].Problems, p => p is { Code: "RXRQ", Label: "入学日期", Value: "明年" } && p.Key.StartsWith("不是有效的日期", StringComparison.Ordinal));
        Assert.Contains(records[2].Problems, p => p is { Code: "XZ", Label: "学制", Value: "九" } && p.Key.StartsWith("应为 1 到 8 年", StringComparison.Ordinal));
        var lost = Assert.Single(records[3].Problems);
        Assert.Equal(("SFZH", "单元格是数字格式，数字已被 Excel 截断：请把该列设为文本格式后重新填写"), (lost.Code, lost.Key));
    }

    [Fact]
    public void A_name_longer_than_fifty_characters_is_rejected_and_look_alike_dots_are_normalised()
    {
        var text = Header + "\n" +
                   $"2026010001,{new string('张', 51)},430104200803151230,汉族,经济学院,经济学,1班,2026-09-01\n" +
                   "2026010002,阿依古丽・买买提,43010220071108105X,维吾尔族,经济学院,经济学,1班,2026-09-01\n";

        var records = Records(Encoding.UTF8.GetBytes(text));

        Assert.Contains(records[0].Problems, p => p is { Code: "XM", Key: "不能超过 {0} 个字" } && p.Args[0] == "50");
        Assert.Equal("阿依古丽·买买提", records[1].Name);
    }

    [Fact]
    public void Excel_date_serials_and_numeric_cells_with_lost_digits_are_recognised()
    {
        var r = new RosterRecord();
        Assert.Equal(new DateOnly(2026, 9, 1), RegistryCheck.Data.Rules.FieldRules.ParseDate("46266", fromImport: true));
        Assert.Equal(new DateOnly(2026, 9, 1), RegistryCheck.Data.Rules.FieldRules.ParseDate("20260901", fromImport: true));
        Assert.Equal(new DateOnly(2026, 9, 1), RegistryCheck.Data.Rules.FieldRules.ParseDate("2026年9月1日", fromImport: true));
        Assert.Empty(r.Problems);
        Assert.True(RosterRowParser.LostDigits(new RosterCell("430104200803151000", true)));
        Assert.True(RosterRowParser.LostDigits(new RosterCell("4.30104E+17", false)));
        Assert.False(RosterRowParser.LostDigits(new RosterCell("13807310001", true)));
    }

    private static string FindIdEndingInX()
    {
        for (var seq = 100; seq < 999; seq++)
        {
            var first17 = $"11010120080505{seq:000}";
            if (IdNumber.ComputeCheckCharacter(first17) == 'X')
            {
                return first17 + "X";
            }
        }

        throw new InvalidOperationException();
    }
}

using System.Text;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Import;

public class ChsiHeaderTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData("KSH", RosterColumn.ExamNumber)]
    [InlineData("XH", RosterColumn.StudentNumber)]
    [InlineData("XM", RosterColumn.Name)]
    [InlineData("XB", RosterColumn.Gender)]
    [InlineData("CSRQ", RosterColumn.BirthDate)]
    [InlineData("SFZH", RosterColumn.IdNumber)]
    [InlineData("ZZMM", RosterColumn.PoliticalStatus)]
    [InlineData("MZ", RosterColumn.Ethnicity)]
    [InlineData("ZYMC", RosterColumn.Major)]
    [InlineData("CC", RosterColumn.Level)]
    [InlineData("XZ", RosterColumn.LengthOfStudy)]
    [InlineData("XXXS", RosterColumn.StudyForm)]
    [InlineData("RXRQ", RosterColumn.EnrollmentDate)]
    [InlineData("FY", RosterColumn.College)]
    [InlineData("BH", RosterColumn.Class)]
    [InlineData("YJBYRQ", RosterColumn.ExpectedGraduationDate)]
    [InlineData("YXMC", RosterColumn.SchoolName)]
    [InlineData("ZJLX", RosterColumn.IdType)]
    [InlineData("XJZT", RosterColumn.RegistryStatus)]
    [InlineData("ZYDM", RosterColumn.MajorCode)]
    [InlineData("XSH", RosterColumn.Department)]
    [InlineData("BZ", RosterColumn.Remark)]
    public void Every_chsi_code_is_recognised_in_any_case(string code, RosterColumn column)
    {
        Assert.Equal(column, RosterColumns.Recognise(code));
        Assert.Equal(column, RosterColumns.Recognise(code.ToLowerInvariant()));
        Assert.Equal(column, RosterColumns.Recognise(" " + code[..1] + code[1..].ToLowerInvariant() + "（代码）"));
        Assert.True(RosterColumns.IsCode(code.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("SYD", "生源地")]
    [InlineData("yxdm", "院校代码")]
    [InlineData("ZZMMDM", "政治面貌代码")]
    public void Known_codes_the_roster_does_not_import_are_named_with_their_meaning(string code, string meaning)
    {
        Assert.Null(RosterColumns.Recognise(code));
        Assert.True(RosterColumns.IsCode(code));
        Assert.Equal(meaning, RosterColumns.IgnoredCodeMeaning(code));
    }

    private static RosterFile Open(string csv) => RosterFile.Open(Encoding.UTF8.GetBytes(csv));

    [Fact]
    public void A_coded_header_below_a_title_row_is_found_and_named_as_chsi_codes_with_ignored_codes_noted()
    {
        using var file = Open("2026级新生学籍数据,,,,,,,,,\nbh,xm,sfzh,mz,fy,zymc,xh,rxrq,YXDM,自定义列\n");

        Assert.Equal(HeaderConvention.ChsiCodes, file.Convention);
        Assert.Equal(2, file.HeaderRow.Number);
        Assert.Equal(0, file.Columns[RosterColumn.Class]);
        Assert.Equal(6, file.Columns[RosterColumn.StudentNumber]);
        Assert.Equal(["YXDM（院校代码）", "自定义列"], file.IgnoredHeaders);
    }

    [Fact]
    public void Codes_and_chinese_names_mixed_are_named_as_mixed()
    {
        using var file = Open("学号,XM,证件号码,MZ,学院,ZYMC,班级,RXRQ\n");

        Assert.Equal(HeaderConvention.Mixed, file.Convention);
        Assert.Equal(1, file.Columns[RosterColumn.Name]);
    }

    [Fact]
    public void A_code_and_its_chinese_name_in_one_header_are_a_duplicate_column()
    {
        var ex = Assert.Throws<RosterFileException>(() => Open("学号,XH,姓名,证件号码,民族,学院,专业,班级,入学日期\n"));

        Assert.StartsWith("列「{0}」出现了不止一次", ex.Problem.Key);
    }

    [Fact]
    public void A_missing_required_column_is_named_with_its_code()
    {
        var ex = Assert.Throws<RosterFileException>(() => Open("XM,SFZH,MZ,FY,ZYMC,BH,RXRQ\n"));

        Assert.Equal("学号（XH）", ex.Problem.Args[0]);
    }

    [Theory]
    [InlineData("20080315", "2008-03-15")]
    [InlineData("2008/3/15", "2008-03-15")]
    [InlineData("2008-03-15", "2008-03-15")]
    [InlineData("39522", "2008-03-15")] // an Excel serial date
    public void Birth_dates_are_read_in_every_style_chsi_files_use(string text, string expected)
    {
        using var file = Open("XH,XM,SFZH,MZ,FY,ZYMC,BH,RXRQ,CSRQ,XB\n" +
            $"2026010001,李明轩,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,2026/9/1,{text},男\n");
        var record = RosterRowParser.Parse(file.DataRows().Single(), file.Columns, Today);

        Assert.True(record.IsValid, string.Join("; ", record.Problems.Select(p => p.Key)));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), record.BirthDate);
        Assert.Equal(new DateOnly(2026, 9, 1), record.EnrollmentDate);
    }

    [Theory]
    [InlineData("1.5", 15)]
    [InlineData("2.0", 20)]
    [InlineData("4", 40)]
    [InlineData("2.5", 25)]
    public void Length_of_study_decimals_are_read_through_the_field_rule(string text, int tenths)
    {
        using var file = Open("XH,XM,SFZH,MZ,FY,ZYMC,BH,RXRQ,XZ\n" +
            $"2026010001,李明轩,430104200803151230,汉族,经济学院,经济学,2026级经济学1班,20260901,{text}\n");
        var record = RosterRowParser.Parse(file.DataRows().Single(), file.Columns, Today);

        Assert.True(record.IsValid, string.Join("; ", record.Problems.Select(p => p.Key)));
        Assert.Equal(tenths, record.LengthOfStudyTenths);
    }

    [Theory]
    [InlineData(4.0, "4")]
    [InlineData(1.5, "1.5")]
    [InlineData(110101070315123d, "110101070315123")]
    public void Xls_number_cells_are_written_without_a_spurious_decimal(double value, string text)
    {
        var cell = RosterFile.XlsCell(value);

        Assert.Equal((text, true), (cell.Text, cell.IsNumber));
        Assert.False(RosterRowParser.LostDigits(cell));
    }

    [Fact]
    public void An_eighteen_digit_id_stored_as_an_xls_number_is_seen_to_have_lost_digits()
    {
        var cell = RosterFile.XlsCell(430104200803151230d);

        Assert.Contains("E+17", cell.Text, StringComparison.Ordinal);
        Assert.True(RosterRowParser.LostDigits(cell));
    }

    [Fact]
    public void An_xls_date_cell_is_written_as_an_iso_date()
    {
        Assert.Equal("2026-09-01", RosterFile.XlsCell(new DateTime(2026, 9, 1)).Text);
    }
}

using System.Globalization;
using Microsoft.Extensions.Localization;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Import;

/// <summary>What a rejected row says: CHSI's code and the column's Chinese name, the value, and why.</summary>
public class RowProblemTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Fact]
    public void A_bad_date_names_the_code_the_column_the_value_and_why_without_naming_the_field_twice()
    {
        var check = FieldRules.For(Data.Entities.RecordField.BirthDate).Check("2026-13-40", new FieldContext(Today, FromImport: true));

        var text = RowProblem.Of(RosterColumn.BirthDate, "2026-13-40", check).Localize(new KeyLocalizer());

        Assert.Equal("CSRQ 出生日期「2026-13-40」：不是有效的日期（可写作 2026-09-01、20260901 或 2026/9/1）", text);
    }

    [Theory]
    [InlineData(RosterColumn.ExamNumber, "KSH"), InlineData(RosterColumn.StudentNumber, "XH"), InlineData(RosterColumn.Name, "XM")]
    [InlineData(RosterColumn.Gender, "XB"), InlineData(RosterColumn.BirthDate, "CSRQ"), InlineData(RosterColumn.IdNumber, "SFZH")]
    [InlineData(RosterColumn.PoliticalStatus, "ZZMM"), InlineData(RosterColumn.Ethnicity, "MZ"), InlineData(RosterColumn.MajorCode, "ZYDM")]
    [InlineData(RosterColumn.Major, "ZYMC"), InlineData(RosterColumn.Level, "CC"), InlineData(RosterColumn.LengthOfStudy, "XZ")]
    [InlineData(RosterColumn.StudyForm, "XXXS"), InlineData(RosterColumn.EnrollmentDate, "RXRQ"), InlineData(RosterColumn.College, "FY")]
    [InlineData(RosterColumn.Department, "XSH"), InlineData(RosterColumn.Class, "BH"), InlineData(RosterColumn.ExpectedGraduationDate, "YJBYRQ")]
    [InlineData(RosterColumn.Remark, "BZ")]
    public void Every_field_of_CHSIs_table_is_named_by_its_code(RosterColumn column, string code)
    {
        Assert.Equal(code, RowProblem.Of(column, "x", "不能为空").Code);
        // The header accepts the same code for the same column: the message speaks the file's language.
        Assert.Equal(column, RosterColumns.Recognise(code));
    }

    [Fact]
    public void A_column_CHSI_has_no_code_for_shows_only_its_name()
    {
        var text = RowProblem.Of(RosterColumn.Phone, "12345", FieldCheck.Fail(FieldMessages.Phone)).Localize(new KeyLocalizer());

        Assert.Equal("联系电话「12345」：应为 11 位手机号，或以 + 和国家（地区）代码开头的号码", text);
    }

    [Fact]
    public void An_empty_cell_has_no_value_part_and_an_id_number_is_masked()
    {
        Assert.Equal("XM 姓名：不能为空", RowProblem.Of(RosterColumn.Name, "  ", "不能为空").Localize(new KeyLocalizer()));
        Assert.Equal("SFZH 证件号码「430104********1231」：校验位不正确，请核对每一位",
            RowProblem.Of(RosterColumn.IdNumber, "430104200803151231", "校验位不正确，请核对每一位").Localize(new KeyLocalizer()));
    }

    [Fact]
    public void A_long_value_is_quoted_shortened_without_splitting_a_rare_character()
    {
        var value = new string('张', RowProblem.MaxQuoted - 1) + "𠮷" + "尾";

        var problem = RowProblem.Of(RosterColumn.Remark, value, "不能超过 {0} 个字符", "200");

        Assert.Equal(new string('张', RowProblem.MaxQuoted - 1) + "…", problem.Value);
    }

    [Fact]
    public void A_problem_of_the_whole_row_reads_as_its_message()
    {
        Assert.Equal("考生号与证件号码分属两名学生（学号 1、2）",
            new RowProblem("考生号与证件号码分属两名学生（学号 {0}、{1}）", "1", "2").Localize(new KeyLocalizer()));
    }

    [Fact]
    public void A_stored_preview_round_trips_the_field_and_an_old_one_without_it_still_reads()
    {
        var stored = new ImportResult { Rejected = [new RejectedRow(12, null, [RowProblem.Of(RosterColumn.BirthDate, "2026-13-40", "不能晚于今天")])] }.Write();
        var back = Assert.Single(ImportResult.Read(stored).Rejected).Reasons.Single();
        Assert.Equal(("CSRQ", "出生日期", "2026-13-40", "不能晚于今天"), (back.Code, back.Label, back.Value, back.Key));

        var old = ImportResult.Read("""{"rejected":[{"row":3,"reasons":[{"key":"“{0}”不能为空","args":["姓名"]}]}]}""");
        var reason = Assert.Single(Assert.Single(old.Rejected).Reasons);
        Assert.Null(reason.Label);
        Assert.Equal("“姓名”不能为空", reason.Localize(new KeyLocalizer()));
    }

    /// <summary>The zh-CN localizer: the key is the text.</summary>
    private sealed class KeyLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(CultureInfo.InvariantCulture, name, arguments), resourceNotFound: true);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}

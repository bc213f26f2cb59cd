using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Rules;

/// <summary>专业代码's shape and what a 专升本 student's 备注 says about the 专科 studies.</summary>
public class ChsiExtrasTests
{
    [Theory]
    [InlineData("080910T", "080910T")]
    [InlineData("100201k", "100201K")]
    [InlineData(" ０２０１０１ ", "020101")]
    [InlineData("080901TK", "080901TK")]
    public void A_major_code_of_six_digits_and_an_optional_suffix_is_kept_in_upper_case(string raw, string expected) =>
        Assert.Equal(expected, MajorCode.Normalize(raw));

    [Theory]
    [InlineData("08091")]
    [InlineData("0809100")]
    [InlineData("080910TKX")]
    [InlineData("经济学")]
    [InlineData("T080910")]
    public void Anything_else_is_not_a_major_code(string raw) => Assert.Null(MajorCode.Normalize(raw));

    [Theory]
    [InlineData("专科学校：湖南工业职业技术学院；专科毕业证书编号：105341202305001234", "湖南工业职业技术学院", "105341202305001234")]
    [InlineData("专升本；专科毕业学校:长沙民政职业技术学院, 毕业证书编号:108651202406000321", "长沙民政职业技术学院", "108651202406000321")]
    [InlineData("原毕业院校：湖南铁道职业技术学院 证书号：105261202306001111", "湖南铁道职业技术学院", "105261202306001111")]
    [InlineData("湖南铁道职业技术学院 105261202306001111", "湖南铁道职业技术学院", "105261202306001111")]
    [InlineData("湖南铁道职业技术学院105261202306001111", "湖南铁道职业技术学院", "105261202306001111")]
    [InlineData("专科证书编号：105261202306001111", null, "105261202306001111")]
    public void The_remark_gives_the_junior_college_and_the_diploma_number(string remark, string? school, string? diploma)
    {
        var prior = PriorStudyRemark.Parse(remark);
        Assert.Equal((school, diploma), (prior.School, prior.DiplomaNumber));
    }

    [Theory]
    [InlineData("")]
    [InlineData("退役士兵")]
    [InlineData("专升本")]
    public void A_remark_without_school_or_number_gives_nothing(string remark) => Assert.True(PriorStudyRemark.Parse(remark).IsEmpty);

    [Fact]
    public void Only_a_remark_about_junior_college_studies_shows_them_on_the_record()
    {
        Assert.Null(Web.Features.Shared.RecordExtras.Of("020101", null, "学籍号 202612345678901234", "普通本科").PriorStudy);
        Assert.Equal("105341202305001234",
            Web.Features.Shared.RecordExtras.Of(null, null, "湖南工业职业技术学院 105341202305001234", IntakeTypes.UpgradeToBachelor).PriorStudy?.DiplomaNumber);
    }

    [Fact]
    public void A_roster_row_with_a_malformed_major_code_or_an_overlong_remark_is_refused_naming_the_column()
    {
        var columns = new Dictionary<RosterColumn, int> { [RosterColumn.MajorCode] = 0, [RosterColumn.Remark] = 1, [RosterColumn.Department] = 2 };
        var row = new RosterRow(7, [new RosterCell("08091X", false), new RosterCell(new string('备', 201), false), new RosterCell(" 经济系 ", false)]);

        var record = RosterRowParser.Parse(row, columns, new DateOnly(2026, 11, 28));

        Assert.Contains(record.Problems, p => p.Key.Contains("6 位数字") && p is { Code: "ZYDM", Label: "专业代码", Value: "08091X" });
        Assert.Contains(record.Problems, p => p.Key.Contains("不能超过") && p is { Code: "BZ", Label: "备注" } && p.Args[0] == "200");
        Assert.Equal("经济系", record.Department);
    }
}

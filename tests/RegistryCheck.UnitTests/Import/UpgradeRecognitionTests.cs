using System.Text;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Import;

/// <summary>专升本 recognised from 学制 2 at 本科 or from 备注 — only a suggestion, never where 入学类别 is given (issue 15).</summary>
public class UpgradeRecognitionTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData(20, "本科", null, UpgradeEvidence.TwoYearBachelor)]
    [InlineData(40, "本科", "2026年专升本录取", UpgradeEvidence.Remarks)]
    [InlineData(null, null, "专接本", UpgradeEvidence.Remarks)]
    [InlineData(null, null, "江苏专转本", UpgradeEvidence.Remarks)]
    [InlineData(20, "本科", "专升本", UpgradeEvidence.Remarks)]
    public void A_row_that_looks_like_a_zhuanshengben_student_is_proposed_with_its_reason(int? tenths, string? level, string? remarks, UpgradeEvidence expected) =>
        Assert.Equal(expected, IntakeTypes.UpgradeEvidenceOf(tenths, level, remarks));

    [Theory]
    [InlineData(40, "本科", null)]
    [InlineData(20, "专科", null)]
    [InlineData(25, "本科", "")]
    [InlineData(40, "本科", "非专升本")]
    [InlineData(null, null, "转专业")]
    public void Other_rows_are_not_proposed(int? tenths, string? level, string? remarks) =>
        Assert.Null(IntakeTypes.UpgradeEvidenceOf(tenths, level, remarks));

    [Fact]
    public void The_parser_proposes_zhuanshengben_only_for_rows_whose_intake_type_is_empty()
    {
        var csv = "学号,姓名,证件号码,民族,学院,专业,班级,入学日期,层次,学制,入学类别,备注\n" +
                  "2026010001,李明轩,430104200803151230,汉族,经济学院,会计学,2026级会计学专升本1班,2026-09-01,本科,2,,\n" +
                  "2026010002,王芳,430104200803151230,汉族,经济学院,会计学,2026级会计学1班,2026-09-01,本科,4,,专升本\n" +
                  "2026010003,张伟,430104200803151230,汉族,经济学院,会计学,2026级会计学1班,2026-09-01,本科,2,普通本科,\n" +
                  "2026010004,赵敏,430104200803151230,汉族,经济学院,会计学,2026级会计学1班,2026-09-01,本科,4,,\n";
        using var file = RosterFile.Open(Encoding.UTF8.GetBytes(csv));

        var records = file.DataRows().Select(r => RosterRowParser.Parse(r, file.Columns, Today)).ToList();

        Assert.Equal([UpgradeEvidence.TwoYearBachelor, UpgradeEvidence.Remarks, null, null], records.Select(r => r.UpgradeEvidence));
        // Never set silently: the parser leaves the type empty (the default, or the stored one) until the registrar confirms.
        Assert.Equal([null, null, IntakeTypes.Regular, null], records.Select(r => r.IntakeType));
    }

    [Fact]
    public void The_remarks_column_is_recognised_by_its_chinese_name_and_chsi_code()
    {
        Assert.Equal(RosterColumn.Remark, RosterColumns.Recognise("备注"));
        Assert.Equal(RosterColumn.Remark, RosterColumns.Recognise("bz"));
    }
}

using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.UnitTests.Spreadsheets;

/// <summary>The one formula-injection rule that the batch workbooks, the tracking list and the audit CSV share.</summary>
public class FormulaGuardTests
{
    [Theory]
    [InlineData("=1+1", true)]
    [InlineData("+86139", true)]
    [InlineData("-5", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("\tx", true)]
    [InlineData("\rx", true)]
    [InlineData("\nx", true)]
    [InlineData("＝1+1", true)]
    [InlineData("＋86139", true)]
    [InlineData("－5", true)]
    [InlineData("＠SUM(A1)", true)]
    [InlineData("张三", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a=b", false)]
    public void Values_that_could_start_a_formula_are_recognised(string? value, bool expected)
    {
        Assert.Equal(expected, FormulaGuard.LooksLikeFormula(value));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("\nx", "\"'\nx\"")]
    [InlineData("张三", "张三")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData(null, "")]
    public void A_csv_field_is_guarded_first_and_quoted_when_it_must_be(string? value, string expected)
    {
        Assert.Equal(expected, FormulaGuard.CsvField(value));
    }
}

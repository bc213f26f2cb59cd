using ClosedXML.Excel;

namespace RegistryCheck.Web.Infrastructure.Spreadsheets;

/// <summary>
/// A text cell that Excel shows exactly as written: text data type (an 18-digit number would lose its last digits)
/// and a quote prefix when <see cref="FormulaGuard"/> says the text could run as a formula. ClosedXML 0.95's
/// <c>Value</c> setter guesses types and turns "=…" into a formula; <c>SetValue&lt;string&gt;</c> does not. Every
/// workbook the portal writes with ClosedXML sets its text cells through here.
/// </summary>
public static class TextCell
{
    public static void Set(IXLCell cell, string? value)
    {
        var text = value ?? "";
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        if (FormulaGuard.LooksLikeFormula(text))
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }
}

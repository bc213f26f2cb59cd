using System.Text;
using ClosedXML.Excel;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.Batches;

/// <summary>
/// Writing text into a cell so that Excel shows exactly that text: a text data type (an 18-digit ID number as a
/// number would be shown as 4.30104E+17 and lose its last digits), and a quote prefix when the text could be
/// taken for a formula (<see cref="FormulaGuard"/>, the rule every export shares). ClosedXML 0.95's <c>Value</c> setter guesses types and turns "=…"
/// into a formula; <c>SetValue&lt;string&gt;</c> does not.
/// </summary>
public static class ExcelText
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

/// <summary>
/// Worksheet names from college names: at most 31 UTF-16 units (Excel's limit), none of : \ / ? * [ ], no
/// apostrophe at either end, not "History", unique without regard to case. A long name is cut at the same place
/// every time and a clash gets "(2)", "(3)", … inside the 31.
/// </summary>
public static class SheetNames
{
    public const int MaxLength = 31;

    public static IReadOnlyList<string> Make(IEnumerable<string> names)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "History" };
        var result = new List<string>();
        foreach (var name in names)
        {
            var clean = Clean(name);
            var candidate = Cut(clean, MaxLength);
            for (var n = 2; used.Contains(candidate); n++)
            {
                var suffix = $"({n})";
                candidate = Cut(clean, MaxLength - suffix.Length) + suffix;
            }

            used.Add(candidate);
            result.Add(candidate);
        }

        return result;
    }

    private static string Clean(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' || char.IsControl(c) ? '_' : c);
        }

        var text = sb.ToString().Trim().Trim('\'').Trim();
        return text.Length == 0 ? "Sheet" : text;
    }

    /// <summary>Cuts to at most <paramref name="max"/> units without splitting a surrogate pair.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsLowSurrogate(text[max]) ? max - 1 : max;
        return text[..end].TrimEnd().TrimEnd('\'');
    }
}

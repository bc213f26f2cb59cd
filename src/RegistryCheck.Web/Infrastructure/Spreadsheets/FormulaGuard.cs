namespace RegistryCheck.Web.Infrastructure.Spreadsheets;

/// <summary>
/// The one rule for every exported cell, xlsx and CSV alike (formula or CSV injection): text that Excel would run as
/// a formula when the file is opened or the cell is edited starts with = + - @, a tab, a carriage return or a line
/// feed — or with the full-width ＝＋－＠, which some IMEs turn into a formula when the cell is edited. Such text is
/// written with a quote prefix (xlsx) or a leading apostrophe (CSV).
/// </summary>
public static class FormulaGuard
{
    public static bool LooksLikeFormula(string? text) =>
        !string.IsNullOrEmpty(text) && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠';

    /// <summary>A CSV field: guarded against formulas, then quoted if it holds a comma, a quote or a line break.</summary>
    public static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (LooksLikeFormula(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

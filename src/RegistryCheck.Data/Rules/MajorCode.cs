using System.Text;
using System.Text.RegularExpressions;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// 专业代码 (CHSI's ZYDM): six digits of the Ministry's catalogue, often with a letter suffix for a special or
/// state-controlled major (080910T, 100201K); at most eight characters.
/// </summary>
public static partial class MajorCode
{
    public const int MaxLength = 8;

    /// <summary>The code in its stored form (half-width, upper case), or null when the text is not a major code.</summary>
    public static string? Normalize(string? raw)
    {
        var text = FieldText.Clean(raw).Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return Shape().IsMatch(text) ? text : null;
    }

    [GeneratedRegex("^[0-9]{6}[A-Z]{0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

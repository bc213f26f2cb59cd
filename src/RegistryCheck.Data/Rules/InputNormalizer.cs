using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// Normalises what students type for the student number, the ID number and the initial password.
/// Not for names (see <see cref="NameNormalizer"/>) and not for passwords the student chose.
/// </summary>
public static class InputNormalizer
{
    public static string Normalize(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        // NFKC folds full-width digits and Ｘ (phone IMEs in Chinese mode produce them) to ASCII,
        // and U+3000 / U+00A0 to an ordinary space, which is dropped below.
        var folded = Utf16Text.ReplaceLoneSurrogates(input).Normalize(NormalizationForm.FormKC);

        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || IsInvisible(c))
            {
                continue;
            }

            // The check character is written both ways on paper; the stored form is upper case.
            builder.Append(c == 'x' ? 'X' : c);
        }

        return builder.ToString();
    }

    // These survive NFKC and are not white space to char.IsWhiteSpace, yet arrive invisibly
    // when numbers are copied out of WeChat messages, Word files or web pages.
    private static bool IsInvisible(char c) => c is
        '\u200B' or // zero width space
        '\u200C' or // zero width non-joiner
        '\u200D' or // zero width joiner
        '\u2060' or // word joiner
        '\uFEFF' or // byte order mark / zero width no-break space
        '\u180E' or // Mongolian vowel separator (white space in older Unicode)
        '\u00AD';   // soft hyphen
}

using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// 联系电话: a mainland mobile number (1[3-9] and nine digits) or an international number written with + and a country
/// code (students from Hong Kong, Macao, Taiwan and abroad). Spaces, dashes, dots and brackets are removed; "+86" and
/// "0086" before a mainland mobile number are dropped, "00" before another country code becomes "+".
/// </summary>
public static class PhoneNumber
{
    public static string? Normalize(string? raw)
    {
        var folded = InputNormalizer.Normalize(raw);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is '-' or '.' or '(' or ')' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014')
            {
                continue;
            }

            sb.Append(c);
        }

        var text = sb.ToString();
        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        if (text.StartsWith("+86", StringComparison.Ordinal) && IsMainlandMobile(text[3..]))
        {
            text = text[3..];
        }

        if (IsMainlandMobile(text))
        {
            return text;
        }

        // E.164: a country code and at most 15 digits in all; +86 numbers other than mobiles are landlines, not asked for.
        return text.Length is >= 8 and <= 16 && text[0] == '+' && text[1] is >= '1' and <= '9' && !text.StartsWith("+86", StringComparison.Ordinal)
            && text.Skip(1).All(char.IsAsciiDigit) ? text : null;
    }

    private static bool IsMainlandMobile(string text) =>
        text.Length == 11 && text[0] == '1' && text[1] is >= '3' and <= '9' && text.All(char.IsAsciiDigit);
}

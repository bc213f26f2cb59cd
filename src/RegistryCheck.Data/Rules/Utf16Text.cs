using System.Text;

namespace RegistryCheck.Data.Rules;

internal static class Utf16Text
{
    // string.Normalize throws on a lone surrogate, and form posts or JSON can carry one;
    // a rule must answer "invalid", not crash, so lone halves become U+FFFD first.
    public static string ReplaceLoneSurrogates(string text)
    {
        if (!HasLoneSurrogate(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>Text as a field rule first sees it: control and invisible characters removed, trimmed.</summary>
public static class FieldText
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in Utf16Text.ReplaceLoneSurrogates(value))
        {
            if (c == '\n' || (!char.IsControl(c) && c is not ('\u200B' or '\uFEFF' or '\u2028' or '\u2029')))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>A typed value quoted back in a message, cut so an overlong paste does not flood the page.</summary>
    public static string Quote(string value) => value.Length <= 20 ? value : value[..20] + "…";
}

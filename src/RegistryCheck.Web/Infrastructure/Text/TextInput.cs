using System.Text;

namespace RegistryCheck.Web.Infrastructure;

/// <summary>Free text from forms: trimmed, control characters removed (a stray tab or NUL is never data).</summary>
public static class TextInput
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\n')
            {
                sb.Append(c);
            }
            else if (!char.IsControl(c) && c is not ('\u200B' or '\uFEFF' or '\u2028' or '\u2029'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>An uploaded file's name for display: the last path segment only, without control characters.</summary>
    public static string SafeFileName(string? name)
    {
        var cleaned = Clean(name).Replace('\n', ' ');
        var last = cleaned.Split('/', '\\').LastOrDefault(s => s.Length > 0) ?? "";
        last = last.Trim().TrimStart('.');
        if (last.Length == 0)
        {
            last = "file";
        }

        return last.Length > 100 ? last[^100..] : last;
    }
}

using System.Text;

namespace RegistryCheck.Web.Features.Batches;

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

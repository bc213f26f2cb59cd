using System.Text;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>
/// Names inside the evidence packet's zip. A stored evidence name is the student's upload name: it may hold path
/// separators, "..", characters Windows refuses, control characters or a trailing dot, and two files may share it.
/// Every name is reduced to one safe path segment (the extension kept), bounded in length without splitting a
/// surrogate pair, and made unique within its folder with " (2)", " (3)"… — so an entry never leaves its folder and
/// never overwrites another when unpacked.
/// </summary>
public sealed class PacketNames
{
    public const int MaxSegment = 80;

    private static readonly HashSet<string> Reserved = new(
        ["CON", "PRN", "AUX", "NUL", .. Enumerable.Range(1, 9).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" })], StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A segment no other name of this set has taken (case-insensitively, as Windows and macOS unpack).</summary>
    public string Unique(string name)
    {
        var clean = Segment(name);
        var (stem, extension) = Split(clean);
        var candidate = clean;
        for (var n = 2; !_used.Add(candidate); n++)
        {
            candidate = Cut(stem, MaxSegment - extension.Length - 5) + $" ({n})" + extension;
        }

        return candidate;
    }

    /// <summary>One safe path segment: no separators, no reserved characters, not "." or "..", not empty.</summary>
    public static string Segment(string? name)
    {
        var sb = new StringBuilder();
        foreach (var rune in (name ?? "").EnumerateRunes())
        {
            var c = rune.Value;
            var bad = c < 0x20 || c == 0x7F || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|'
                || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                    or System.Globalization.UnicodeCategory.ParagraphSeparator;
            sb.Append(bad ? "_" : rune.ToString());
        }

        var text = sb.ToString().Trim().TrimEnd('.').Trim();
        while (text.StartsWith('.'))
        {
            text = text[1..];
        }

        if (text.Length == 0)
        {
            text = "file";
        }

        var (stem, extension) = Split(text);
        if (extension.Length > 12)
        {
            (stem, extension) = (text, "");
        }

        // CON, NUL, COM1… cannot be created on Windows, whatever the extension.
        if (Reserved.Contains(stem.TrimEnd()))
        {
            stem = "_" + stem;
        }

        return Cut(stem, MaxSegment - extension.Length) + extension;
    }

    private static (string Stem, string Extension) Split(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot > 0 ? (name[..dot], name[dot..]) : (name, "");
    }

    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsLowSurrogate(text[max]) ? max - 1 : max;
        return text[..end];
    }
}

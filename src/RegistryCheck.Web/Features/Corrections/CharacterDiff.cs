using System.Globalization;
using System.Text;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Corrections;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>
/// One character (rune) of a diff. <see cref="Display"/> makes invisible differences visible (a space is ␣,
/// a zero-width character is ⟨…⟩); <see cref="Note"/> is a label key explaining a look-alike, or null.
/// </summary>
public sealed record DiffChar(DiffKind Kind, string Text, string Display, string CodePoint, string? Note, string? NoteArg);

/// <summary>
/// A per-character diff of the record's value and the proposed one, so that a counselor sees the difference
/// between 張 and 张, a full-width Ａ and A, a stray space or U+30FB instead of U+00B7 — differences that look
/// like nothing on screen. Runes, not UTF-16 units: a rare character outside the BMP is one character.
/// </summary>
public static class CharacterDiff
{
    /// <summary>Longest-common-subsequence is quadratic; field values are at most 200 units, so this caps the work.</summary>
    private const int MaxRunes = 400;

    public static IReadOnlyList<DiffChar> Compute(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Runes(before);
        var b = Runes(after);
        if (a.Length > MaxRunes || b.Length > MaxRunes)
        {
            return [.. a.Select(r => Describe(DiffKind.Removed, r)), .. b.Select(r => Describe(DiffKind.Added, r))];
        }

        // lcs[i, j] = length of the LCS of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var result = new List<DiffChar>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                result.Add(Describe(DiffKind.Same, a[x]));
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                result.Add(Describe(DiffKind.Removed, a[x++]));
            }
            else
            {
                result.Add(Describe(DiffKind.Added, b[y++]));
            }
        }

        while (x < a.Length)
        {
            result.Add(Describe(DiffKind.Removed, a[x++]));
        }

        while (y < b.Length)
        {
            result.Add(Describe(DiffKind.Added, b[y++]));
        }

        return result;
    }

    public static string CodePointOf(Rune rune) => "U+" + rune.Value.ToString("X4", CultureInfo.InvariantCulture);

    private static Rune[] Runes(string s) => s.EnumerateRunes().ToArray();

    private static DiffChar Describe(DiffKind kind, Rune rune)
    {
        var (display, note, arg) = Classify(rune);
        return new DiffChar(kind, rune.ToString(), display, CodePointOf(rune), note, arg);
    }

    private static (string Display, string? Note, string? Arg) Classify(Rune rune)
    {
        switch (rune.Value)
        {
            case ' ':
                return ("␣", "空格", null);
            case 0x3000:
                return ("␣", "全角空格", null);
            case 0x00A0:
                return ("␣", "不换行空格", null);
            case 0x200B or 0x2060 or 0xFEFF or 0x200C or 0x200D:
                return ("⟨" + CodePointOf(rune) + "⟩", "不可见字符", null);
            case '\t' or '\n' or '\r':
                return ("⟨" + CodePointOf(rune) + "⟩", "控制字符", null);
            case 0x00B7:
                return ("\u00B7", "间隔号（正确）", null);
            case 0x30FB or 0xFF65 or 0x2022 or 0x2027 or 0xFF0E or 0x2219 or 0x22C5 or 0x0387:
                return (rune.ToString(), "与间隔号“·”相似的点", null);
        }

        if (Rune.IsWhiteSpace(rune))
        {
            return ("␣", "空白字符", null);
        }

        if (rune.Value is >= 0xFF01 and <= 0xFF5E)
        {
            return (rune.ToString(), "全角字符（半角为 {0}）", ((char)(rune.Value - 0xFEE0)).ToString());
        }

        if (TraditionalCharacters.TryGetSimplified(rune, out var simplified))
        {
            return (rune.ToString(), "繁体字（简体为 {0}）", simplified.ToString());
        }

        if (!rune.IsBmp)
        {
            return (rune.ToString(), "生僻字（扩展区）", null);
        }

        return (rune.ToString(), null, null);
    }
}

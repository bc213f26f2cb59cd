using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>Input normalisation and mismatch hints for personal names (姓名).</summary>
public static class NameNormalizer
{
    /// <summary>Name columns must hold at least this many characters (runes, not UTF-16 units).</summary>
    public const int MaxLength = 50;

    /// <summary>
    /// UTF-16 code units a column needs for <see cref="MaxLength"/> characters: rare characters
    /// outside the BMP take two units each, and SQL Server's nvarchar(n) counts units.
    /// </summary>
    public const int MaxUtf16Length = 2 * MaxLength;

    private const char MiddleDot = '\u00B7';

    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var text = Utf16Text.ReplaceLoneSurrogates(name);
        var hasCjk = ContainsCjkIdeograph(text);
        if (!hasCjk)
        {
            // Safe only without ideographs: even NFC maps CJK compatibility ideographs (U+F900…) to
            // other code points, which would change what the ID card says. For Latin script it makes
            // "é" typed as e + U+0301 equal to the precomposed one.
            text = text.Normalize(NormalizationForm.FormC);
        }

        var mapped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsInvisible(rune))
            {
                continue;
            }

            if (IsDotLookAlike(rune))
            {
                mapped.Append(MiddleDot);
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                if (!hasCjk)
                {
                    mapped.Append(' ');
                }
            }
            else if (!hasCjk && IsFullWidthAscii(rune))
            {
                mapped.Append((char)(rune.Value - 0xFEE0));
            }
            else
            {
                mapped.Append(rune.ToString());
            }
        }

        return CollapseSpaces(mapped);
    }

    /// <summary>Counts characters as a person would for the length limit: one per rune, so a rare
    /// character stored as a surrogate pair counts once.</summary>
    public static int CountCharacters(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var count = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Likely causes of a mismatch between the name shown and the name the student proposes,
    /// found in either string, in enum order.</summary>
    public static IReadOnlyList<NameIssue> ExplainDifference(string shown, string proposed)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(proposed);

        var found = new HashSet<NameIssue>();
        Inspect(shown, found);
        Inspect(proposed, found);
        return found.Order().ToArray();
    }

    private static void Inspect(string name, HashSet<NameIssue> found)
    {
        var hasCjk = ContainsCjkIdeograph(name);
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsInvisible(rune))
            {
                found.Add(NameIssue.ContainsWhiteSpace);
            }
            else if (IsDotLookAlike(rune))
            {
                found.Add(NameIssue.DotLookAlike);
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                // A single ordinary space between words is part of a Latin-script name.
                if (hasCjk || rune.Value != ' ')
                {
                    found.Add(NameIssue.ContainsWhiteSpace);
                }
            }
            else if (IsFullWidthAscii(rune))
            {
                found.Add(NameIssue.FullWidthCharacters);
            }
            else if (TraditionalCharacters.IsTraditional(rune))
            {
                found.Add(NameIssue.TraditionalCharacters);
            }
            else if (!rune.IsBmp)
            {
                found.Add(NameIssue.RareCharacter);
            }
        }

        if (!hasCjk && HasStraySpaces(name))
        {
            found.Add(NameIssue.ContainsWhiteSpace);
        }
    }

    private static bool HasStraySpaces(string name) =>
        name.Length != name.Trim().Length
        || name.Contains("  ", StringComparison.Ordinal)
        || name.Contains(" " + MiddleDot, StringComparison.Ordinal)
        || name.Contains(MiddleDot + " ", StringComparison.Ordinal);

    // Drops spaces at either end and next to the middle dot, and keeps at most one elsewhere.
    private static string CollapseSpaces(StringBuilder mapped)
    {
        var result = new StringBuilder(mapped.Length);
        var pendingSpace = false;
        foreach (var chunk in mapped.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (c == ' ')
                {
                    pendingSpace = true;
                    continue;
                }

                if (pendingSpace && result.Length > 0 && c != MiddleDot && result[^1] != MiddleDot)
                {
                    result.Append(' ');
                }

                pendingSpace = false;
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static bool ContainsCjkIdeograph(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjkIdeograph(rune))
            {
                return true;
            }
        }

        return false;
    }

    // Code point ranges rather than Regex \p{...}: .NET regex classes see UTF-16 units and so
    // miss the extension planes where rare name characters live.
    private static bool IsCjkIdeograph(Rune rune) => rune.Value switch
    {
        0x3007 => true,                     // 〇, used as a character in names
        >= 0x3400 and <= 0x4DBF => true,    // Extension A
        >= 0x4E00 and <= 0x9FFF => true,    // Unified Ideographs
        >= 0xF900 and <= 0xFAFF => true,    // Compatibility Ideographs
        >= 0x20000 and <= 0x3FFFF => true,  // planes 2 and 3: Extensions B to J, compatibility supplement
        _ => false,
    };

    // Characters that render as a centred dot in Chinese fonts and come from IMEs, Word, or
    // Japanese-locale keyboards. U+2219 and U+22C5 are the "bullet"/"dot" operators offered by
    // symbol palettes (and Word's autocorrect), indistinguishable on screen from U+00B7.
    // U+0387 is canonically equivalent to U+00B7, so NFC elsewhere would turn it into one anyway.
    private static bool IsDotLookAlike(Rune rune) => rune.Value is
        0x30FB or 0xFF65 or 0x2022 or 0x2027 or 0xFF0E or 0x2219 or 0x22C5 or 0x0387;

    // Not white space to Unicode, yet invisible: they arrive when a name is copied from a web page
    // or a chat message and make two equal-looking names differ.
    private static bool IsInvisible(Rune rune) => rune.Value is 0x200B or 0x2060 or 0xFEFF;

    // Full-width forms of printable ASCII. U+FF0E (full stop) is handled earlier as a dot look-alike.
    private static bool IsFullWidthAscii(Rune rune) => rune.Value is >= 0xFF01 and <= 0xFF5E;
}

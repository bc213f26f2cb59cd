using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// A national or CHSI code table: the values a field may hold, with their codes, and the spellings a roster
/// commonly uses for them. A value is looked up by a folded key (NFKC, no white space, ASCII parentheses,
/// traditional characters folded) so that "汉 族", "漢族" and "在籍(注册学籍)" find their entry; the stored value is
/// always the table's own spelling.
/// </summary>
public sealed class CodeTable
{
    private readonly Dictionary<string, string> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variants = new(StringComparer.Ordinal);

    public CodeTable(string name, IReadOnlyList<(string Code, string Value)> entries, IReadOnlyDictionary<string, string>? variants = null)
    {
        Name = name;
        Entries = entries;
        foreach (var (code, value) in entries)
        {
            _exact.Add(Fold(value), value);
            if (code.Length > 0)
            {
                // "01" and "1" both name the first entry in a roster exported from another system.
                _variants.TryAdd(Fold(code), value);
                _variants.TryAdd(Fold(code.TrimStart('0')), value);
            }
        }

        foreach (var (variant, value) in variants ?? new Dictionary<string, string>())
        {
            if (!_exact.ContainsKey(Fold(value)))
            {
                throw new ArgumentException($"Variant {variant} maps to {value}, which is not in {name}.", nameof(variants));
            }

            _variants[Fold(variant)] = value;
        }
    }

    /// <summary>The standard this table follows, for documentation and the registrar's list of values outside it.</summary>
    public string Name { get; }

    public IReadOnlyList<(string Code, string Value)> Entries { get; }

    public IEnumerable<string> Values => Entries.Select(e => e.Value);

    public bool Contains(string? value) => value is not null && Entries.Any(e => e.Value == value);

    /// <summary>The table's value for what was typed; with <paramref name="acceptVariants"/> also the usual variants and codes.</summary>
    public string? Find(string? text, bool acceptVariants)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var key = Fold(text);
        if (_exact.TryGetValue(key, out var value))
        {
            return value;
        }

        return acceptVariants && _variants.TryGetValue(key, out value) ? value : null;
    }

    private static string Fold(string text)
    {
        var folded = InputNormalizer.Normalize(text);
        var builder = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            builder.Append(TraditionalCharacters.TryGetSimplified(rune, out var simplified) ? simplified.ToString() : rune.ToString());
        }

        return builder.ToString().ToUpperInvariant();
    }
}

using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RegistryCheck.UnitTests.Localization;

/// <summary>
/// zh-CN is the default and its text is the key; English comes from SharedResource.en.resx. These tests fail when
/// a user-facing string would show Chinese to an English user, or when a view holds text that bypasses the
/// localizer.
/// </summary>
public partial class LocalizationCompletenessTests
{
    private static readonly Dictionary<string, string> English = XDocument
        .Load(Path.Combine(SourceTree.Web, "Resources", "SharedResource.en.resx"))
        .Root!.Elements("data")
        .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    /// <summary>Text a view may show as it is in both languages: the language switch names its target language.</summary>
    private static readonly HashSet<string> AllowedLiteralText = ["中文", "English"];

    [GeneratedRegex(@"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e“”]")]
    private static partial Regex Chinese();

    [GeneratedRegex("\"((?:[^\"\\\\\\n]|\\\\.)*)\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\bL\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ViewKey();

    [GeneratedRegex(@"\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    private static SortedSet<string> CollectCodeKeys()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceTree.Files(SourceTree.Web, "*.cs").Where(f => !f.Contains("Seeding", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadLines(file))
            {
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('*')
                    || Regex.IsMatch(trimmed, @"\bLog(Information|Warning|Error|Debug|Critical|Trace)\("))
                {
                    continue;
                }

                foreach (Match m in StringLiteral().Matches(line))
                {
                    if (Chinese().IsMatch(m.Groups[1].Value))
                    {
                        keys.Add(Regex.Unescape(m.Groups[1].Value));
                    }
                }
            }
        }

        return keys;
    }

    private static SortedSet<string> CollectViewKeys()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceTree.Files(SourceTree.Web, "*.cshtml"))
        {
            foreach (Match m in ViewKey().Matches(File.ReadAllText(file)))
            {
                keys.Add(Regex.Unescape(m.Groups[1].Value));
            }
        }

        return keys;
    }

    [Fact]
    public void Every_Chinese_string_in_the_code_has_an_English_translation()
    {
        var missing = CollectCodeKeys().Where(k => !English.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "No English for: " + string.Join(" | ", missing));
    }

    [Fact]
    public void Every_key_a_view_uses_has_an_English_translation()
    {
        var missing = CollectViewKeys().Where(k => !English.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "No English for: " + string.Join(" | ", missing));
    }

    [Fact]
    public void No_view_contains_Chinese_text_outside_the_localizer()
    {
        var offenders = new List<string>();
        foreach (var file in SourceTree.Files(SourceTree.Web, "*.cshtml"))
        {
            var text = Regex.Replace(File.ReadAllText(file), @"@\*.*?\*@", "", RegexOptions.Singleline);
            text = ViewKey().Replace(text, "");
            var lineNo = 0;
            foreach (var line in text.Split('\n'))
            {
                lineNo++;
                var withoutAllowed = AllowedLiteralText.Aggregate(line, (l, a) => l.Replace(">" + a + "<", "><", StringComparison.Ordinal));
                // Values posted back as data (e.g. value="男") are not text the user reads.
                withoutAllowed = Regex.Replace(withoutAllowed, @"value=""[^""]*""", "");
                if (Chinese().IsMatch(withoutAllowed))
                {
                    offenders.Add($"{Path.GetFileName(file)}:{lineNo}: {line.Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Untranslated text in views:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void No_view_contains_English_text_outside_the_localizer()
    {
        var offenders = new List<string>();
        foreach (var file in SourceTree.Files(SourceTree.Web, "*.cshtml"))
        {
            var text = Regex.Replace(File.ReadAllText(file), @"@\*.*?\*@", "", RegexOptions.Singleline);
            // Text between a tag's end and the next tag or Razor expression: what a reader sees.
            foreach (Match m in Regex.Matches(text, @">([^<>@{}();=]*)<"))
            {
                var visible = m.Groups[1].Value.Trim();
                if (Regex.IsMatch(visible, "[A-Za-z]{2,}") && !AllowedLiteralText.Contains(visible))
                {
                    offenders.Add($"{Path.GetFileName(file)}: {visible}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Literal English text in views:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_translation_keeps_the_placeholders_of_its_key()
    {
        var broken = English
            .Where(e => e.Value.Length == 0 || !Placeholders(e.Key).SetEquals(Placeholders(e.Value)))
            .Select(e => e.Key)
            .ToList();
        Assert.True(broken.Count == 0, "Placeholders differ or translation empty: " + string.Join(" | ", broken));
    }

    private static HashSet<string> Placeholders(string s) => Placeholder().Matches(s).Select(m => m.Groups[1].Value).ToHashSet();
}

using System.Text;
using System.Text.RegularExpressions;

namespace RegistryCheck.Data.Rules;

/// <summary>The 专科 school and diploma number a 专升本 student's 备注 (CHSI's BZ) names; either may be missing.</summary>
public sealed record PriorStudy(string? School, string? DiplomaNumber)
{
    public bool IsEmpty => School is null && DiplomaNumber is null;
}

/// <summary>
/// Reads 备注 as admissions offices write it for 专升本: labelled parts ("专科学校：湖南工业职业技术学院；专科毕业证书编号：
/// 105341202305001234") or, without labels, a school name and a diploma number side by side. CHSI prescribes no
/// format, so this finds what it can and the page also shows the 备注 as it stands.
/// </summary>
public static partial class PriorStudyRemark
{
    public static PriorStudy Parse(string? remark)
    {
        var text = FieldText.Clean(remark).Normalize(NormalizationForm.FormKC);
        string? school = null, diploma = null;
        var parts = Separators().Split(text).SelectMany(p => NextLabelOrNumber().Split(p)).Select(p => p.Trim()).Where(p => p.Length > 0);
        foreach (var part in parts)
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var (label, value) = colon > 0 ? (part[..colon], part[(colon + 1)..].Trim()) : ("", part);
            if (value.Length == 0)
            {
                continue;
            }

            if (IsDiplomaLabel(label) || (label.Length == 0 && DiplomaNumber().IsMatch(value)))
            {
                diploma ??= value;
            }
            else if (IsSchoolLabel(label))
            {
                school ??= value;
            }
            else if (label.Length == 0 && SchoolName().Match(value) is { Success: true } name)
            {
                school ??= name.Value;
            }
        }

        // A number run into the text without a separator ("湖南工业职业技术学院105341202305001234").
        if (diploma is null && EmbeddedNumber().Match(text) is { Success: true } m)
        {
            diploma = m.Value;
            school ??= SchoolName().Match(text[..m.Index]) is { Success: true } s ? s.Value : null;
        }

        return new PriorStudy(school, diploma);
    }

    private static bool IsDiplomaLabel(string label) => label.Contains('证', StringComparison.Ordinal) && label.Contains('号', StringComparison.Ordinal);

    private static bool IsSchoolLabel(string label) =>
        label.Contains("学校", StringComparison.Ordinal) || label.Contains("院校", StringComparison.Ordinal) || label.Contains("毕业于", StringComparison.Ordinal);

    [GeneratedRegex("[;,，、|/\\n]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    /// <summary>A space before another "label:" or before a number also separates parts ("…学院 证书号：…").</summary>
    [GeneratedRegex("\\s+(?=[^\\s:]{1,12}:|[0-9]{12,})", RegexOptions.CultureInvariant)]
    private static partial Regex NextLabelOrNumber();

    [GeneratedRegex("^[0-9]{12,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex DiplomaNumber();

    [GeneratedRegex("(?<![0-9])[0-9]{16,20}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddedNumber();

    [GeneratedRegex("[\\p{IsCJKUnifiedIdeographs}()（）]{2,40}(学院|学校|大学|分校)", RegexOptions.CultureInvariant)]
    private static partial Regex SchoolName();
}

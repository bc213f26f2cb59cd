namespace RegistryCheck.Data.Rules;

/// <summary>
/// 入学类别. The table holds the common values; a registrar adds others simply by importing them (any short
/// text is kept, and the 代码值 page lists values outside the table), so the set is open by design.
/// </summary>
public static class IntakeTypes
{
    public const string Regular = "普通本科";
    public const string UpgradeToBachelor = "专升本";
    public const string Associate = "专科";
    public const string FromPreparatory = "预科转入";
    public const string Readmitted = "复学/降级转入";

    public static readonly CodeTable Table = new("入学类别",
        [("", Regular), ("", UpgradeToBachelor), ("", Associate), ("", FromPreparatory), ("", Readmitted)],
        new Dictionary<string, string>
        {
            ["本科"] = Regular, ["普通"] = Regular, ["统招本科"] = Regular, ["专接本"] = UpgradeToBachelor, ["普通专升本"] = UpgradeToBachelor,
            ["高职"] = Associate, ["高职(专科)"] = Associate, ["预科"] = FromPreparatory, ["预科生"] = FromPreparatory,
            ["复学"] = Readmitted, ["降级"] = Readmitted, ["降级转入"] = Readmitted, ["复学转入"] = Readmitted,
        });

    /// <summary>The table's spelling of a known value, else the cleaned text itself (a value the registrar adds).</summary>
    public static string? Normalize(string? raw)
    {
        var text = FieldText.Clean(raw);
        if (text.Length == 0)
        {
            return null;
        }

        var known = Table.Find(text, acceptVariants: true);
        return known ?? text;
    }

    /// <summary>
    /// Why a row without 入学类别 looks like a 专升本 student: 学制 2 at 层次 本科 (a 专升本 programme is the last two
    /// years of a bachelor's), or a 备注 that says so. Only a suggestion: the registrar confirms it in the import
    /// preview, never the portal on its own (issue 15).
    /// </summary>
    public static UpgradeEvidence? UpgradeEvidenceOf(int? lengthOfStudyTenths, string? level, string? remarks)
    {
        var note = FieldText.Clean(remarks);
        if (UpgradeWords.Any(w => note.Contains(w, StringComparison.Ordinal)) && !NegatedWords.Any(w => note.Contains(w, StringComparison.Ordinal)))
        {
            return UpgradeEvidence.Remarks;
        }

        return lengthOfStudyTenths == 20 && FieldText.Clean(level) == "本科" ? UpgradeEvidence.TwoYearBachelor : null;
    }

    // 专接本 and 专转本 are what some provinces call it; "非专升本" and the like say the opposite.
    private static readonly string[] UpgradeWords = ["专升本", "专接本", "专转本"];
    private static readonly string[] NegatedWords = ["非专升本", "不是专升本", "非专接本", "非专转本"];
}

/// <summary>What made the import propose 专升本 for a row (<see cref="IntakeTypes.UpgradeEvidenceOf"/>).</summary>
public enum UpgradeEvidence
{
    /// <summary>学制 2 with 层次 本科.</summary>
    TwoYearBachelor = 1,
    /// <summary>备注 mentions 专升本.</summary>
    Remarks = 2,
}

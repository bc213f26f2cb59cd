namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// The field codes of CHSI's new-student record structure (issue 14's table, docs/chsi.md) by roster column, for the
/// messages of rejected rows. Only CHSI's own table: the other codes the header accepts (YXMC, ZJLX, LXDH, …) are
/// seen in some schools' files but are not CHSI's, and a message names such a column by its Chinese name alone.
/// </summary>
public static class RowFieldCodes
{
    private static readonly Dictionary<RosterColumn, string> Codes = new()
    {
        [RosterColumn.ExamNumber] = "KSH",
        [RosterColumn.StudentNumber] = "XH",
        [RosterColumn.Name] = "XM",
        [RosterColumn.Gender] = "XB",
        [RosterColumn.BirthDate] = "CSRQ",
        [RosterColumn.IdNumber] = "SFZH",
        [RosterColumn.PoliticalStatus] = "ZZMM",
        [RosterColumn.Ethnicity] = "MZ",
        [RosterColumn.MajorCode] = "ZYDM",
        [RosterColumn.Major] = "ZYMC",
        [RosterColumn.Level] = "CC",
        [RosterColumn.LengthOfStudy] = "XZ",
        [RosterColumn.StudyForm] = "XXXS",
        [RosterColumn.EnrollmentDate] = "RXRQ",
        [RosterColumn.College] = "FY",
        [RosterColumn.Department] = "XSH",
        [RosterColumn.Class] = "BH",
        [RosterColumn.ExpectedGraduationDate] = "YJBYRQ",
        [RosterColumn.Remark] = "BZ",
    };

    public static string? Of(RosterColumn column) => Codes.GetValueOrDefault(column);
}

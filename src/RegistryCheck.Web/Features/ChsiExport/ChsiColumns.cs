using System.Globalization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>
/// One column of CHSI's record structure: its code (the header of the xlsx and the dBase field name), the Chinese
/// name, the width CHSI gives it in bytes (the .dbf starts there and widens, never cuts), the record field a
/// correction of which changes it (null: no reportable field), and how the value is read from the student, after
/// correction, in CHSI's form (dates YYYYMMDD, 学制 "1.5").
/// </summary>
public sealed record ChsiColumn(string Code, string Label, int Bytes, RecordField? Field, Func<Student, string> Value);

/// <summary>The one table from CHSI's codes to the record: the xlsx, the .dbf and the page all take their columns from here.</summary>
public static class ChsiColumns
{
    public static readonly IReadOnlyList<ChsiColumn> All =
    [
        new("KSH", "考生号", 18, RecordField.ExamNumber, s => s.ExamNumber ?? ""),
        new("XH", "学号", 15, RecordField.StudentNumber, s => s.StudentNumber),
        new("XM", "姓名", 40, RecordField.Name, s => s.Name),
        new("XB", "性别", 2, RecordField.Gender, s => FieldRules.GenderText(s.Gender)),
        new("CSRQ", "出生日期", 8, RecordField.BirthDate, s => Date(s.BirthDate)),
        new("SFZH", "身份证号", 18, RecordField.IdNumber, s => s.IdNumber),
        new("ZZMM", "政治面貌", 40, RecordField.PoliticalStatus, s => s.PoliticalStatus ?? ""),
        new("MZ", "民族", 20, RecordField.Ethnicity, s => s.Ethnicity),
        new("ZYDM", "专业代码", 8, RecordField.Major, s => s.Major.Code ?? ""),
        new("ZYMC", "专业名称", 50, RecordField.Major, s => s.Major.Name),
        new("CC", "层次", 20, RecordField.Level, s => s.Level),
        new("XZ", "学制", 3, RecordField.LengthOfStudy, s => LengthOfStudy.Format(s.LengthOfStudyTenths)),
        new("XXXS", "学习形式", 20, RecordField.StudyForm, s => s.StudyForm),
        new("RXRQ", "入学日期", 8, RecordField.EnrollmentDate, s => Date(s.EnrollmentDate)),
        new("FY", "分院", 60, RecordField.College, s => s.College.Name),
        // 系所 and 备注 as the roster gave them: no report changes them, so they never count as a changed field.
        new("XSH", "系所", 60, null, s => s.Department ?? ""),
        new("BH", "班号", 40, RecordField.Class, s => s.Class.Name),
        new("YJBYRQ", "预计毕业日期", 8, RecordField.ExpectedGraduationDate, s => Date(s.ExpectedGraduationDate)),
        new("BZ", "备注", 200, null, s => s.Remark ?? ""),
    ];

    /// <summary>
    /// The CHSI codes a corrected field changes ("ZYDM/ZYMC" for 专业), or its Chinese label for a field CHSI's
    /// structure has no column for (学校名称, 曾用名…).
    /// </summary>
    public static string CodeOf(RecordField field) =>
        All.Where(c => c.Field == field).Select(c => c.Code).ToList() is { Count: > 0 } codes ? string.Join('/', codes) : FieldRules.Label(field);

    private static string Date(DateOnly? date) => date?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "";
}

using System.Text;

namespace RegistryCheck.Web.Features.Import;

/// <summary>The roster's columns. The Chinese header is the canonical name; synonyms cover what admissions offices write.</summary>
public enum RosterColumn
{
    StudentNumber,
    ExamNumber,
    Name,
    Gender,
    BirthDate,
    Ethnicity,
    PoliticalStatus,
    IdType,
    IdNumber,
    College,
    Major,
    Class,
    Level,
    LengthOfStudy,
    StudyForm,
    EducationCategory,
    EnrollmentDate,
    ExpectedGraduationDate,
    RegistryStatus,
    SchoolName,
    Phone,
    Cohort,
    IntakeType,
}

public static class RosterColumns
{
    /// <summary>Canonical header, whether the column must be present, and the synonyms recognised.</summary>
    public static readonly IReadOnlyList<(RosterColumn Column, string Header, bool Required, string[] Synonyms)> All =
    [
        (RosterColumn.StudentNumber, "学号", true, []),
        (RosterColumn.ExamNumber, "考生号", false, ["高考考生号", "考生编号"]),
        (RosterColumn.Name, "姓名", true, ["学生姓名", "考生姓名"]),
        (RosterColumn.Gender, "性别", false, []),
        (RosterColumn.BirthDate, "出生日期", false, ["出生年月日", "生日"]),
        (RosterColumn.Ethnicity, "民族", true, []),
        (RosterColumn.PoliticalStatus, "政治面貌", false, []),
        (RosterColumn.IdType, "证件类型", false, ["身份证件类型"]),
        (RosterColumn.IdNumber, "证件号码", true, ["身份证号", "身份证号码", "身份证件号码", "证件号"]),
        (RosterColumn.College, "学院", true, ["院系", "所在院系", "学院名称", "院系名称"]),
        (RosterColumn.Major, "专业", true, ["专业名称"]),
        (RosterColumn.Class, "班级", true, ["班级名称", "行政班"]),
        (RosterColumn.Level, "层次", false, ["培养层次"]),
        (RosterColumn.LengthOfStudy, "学制", false, []),
        (RosterColumn.StudyForm, "学习形式", false, []),
        (RosterColumn.EducationCategory, "学历类别", false, []),
        (RosterColumn.EnrollmentDate, "入学日期", true, ["入学时间"]),
        (RosterColumn.ExpectedGraduationDate, "预计毕业日期", false, ["毕业日期"]),
        (RosterColumn.RegistryStatus, "学籍状态", false, []),
        (RosterColumn.SchoolName, "学校名称", false, []),
        (RosterColumn.Phone, "联系电话", false, ["手机号", "手机号码", "电话", "联系方式", "手机"]),
        (RosterColumn.Cohort, "年级", false, []),
        (RosterColumn.IntakeType, "入学类别", false, ["类别", "录取类别"]),
    ];

    private static readonly Dictionary<string, RosterColumn> ByHeader = BuildLookup();

    public static string HeaderOf(RosterColumn column) => All.First(c => c.Column == column).Header;

    /// <summary>The column a header names, after removing spaces, "*" marks and notes in brackets ("学号（必填）").</summary>
    public static RosterColumn? Recognise(string? header)
    {
        var key = CleanHeader(header);
        return key.Length > 0 && ByHeader.TryGetValue(key, out var column) ? column : null;
    }

    public static string CleanHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "";
        }

        var folded = header.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        var depth = 0;
        foreach (var c in folded)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && !char.IsWhiteSpace(c) && c is not ('*' or '\uFEFF' or '\u200B'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static Dictionary<string, RosterColumn> BuildLookup()
    {
        var lookup = new Dictionary<string, RosterColumn>(StringComparer.Ordinal);
        foreach (var (column, header, _, synonyms) in All)
        {
            lookup[header] = column;
            foreach (var s in synonyms)
            {
                lookup[s] = column;
            }
        }

        return lookup;
    }
}

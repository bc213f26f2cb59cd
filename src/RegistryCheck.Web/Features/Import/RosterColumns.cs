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
    MajorCode,
    Department,
    /// <summary>备注 (BZ): kept on the student, and read to recognise 专升本 students (the registrar confirms each suggestion).</summary>
    Remark,
    /// <summary>The student's e-mail address and WeCom user id: contact details for messages, not fields the student checks.</summary>
    Email,
    WeComUserId,
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
        (RosterColumn.MajorCode, "专业代码", false, ["专业编码", "专业编号"]),
        (RosterColumn.Department, "系所", false, ["系别", "所在系", "系"]),
        (RosterColumn.Remark, "备注", false, ["备注信息"]),
        // Latin headers in any case (the lookup ignores case); CHSI's record has no code for either.
        (RosterColumn.Email, "电子邮箱", false, ["邮箱", "Email", "E-mail"]),
        (RosterColumn.WeComUserId, "企业微信账号", false, ["企业微信", "WeComUserId"]),
    ];

    /// <summary>How to reach the student: neither a CHSI column nor a Chinese record field, so not counted for the header convention.</summary>
    public static bool IsContact(RosterColumn column) => column is RosterColumn.Email or RosterColumn.WeComUserId;

    /// <summary>
    /// CHSI's field codes (学籍学历信息管理平台's record structure, docs/chsi.md) for the columns the portal has.
    /// 专业代码 (ZYDM) goes to the major (<c>Major.Code</c>); 系所 (XSH) and 备注 (BZ) are kept on the student.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, RosterColumn> Codes = new Dictionary<string, RosterColumn>(StringComparer.OrdinalIgnoreCase)
    {
        ["KSH"] = RosterColumn.ExamNumber,
        ["XH"] = RosterColumn.StudentNumber,
        ["XM"] = RosterColumn.Name,
        ["XB"] = RosterColumn.Gender,
        ["CSRQ"] = RosterColumn.BirthDate,
        ["SFZH"] = RosterColumn.IdNumber,
        ["ZZMM"] = RosterColumn.PoliticalStatus,
        ["MZ"] = RosterColumn.Ethnicity,
        ["ZYMC"] = RosterColumn.Major,
        ["CC"] = RosterColumn.Level,
        ["XZ"] = RosterColumn.LengthOfStudy,
        ["XXXS"] = RosterColumn.StudyForm,
        ["RXRQ"] = RosterColumn.EnrollmentDate,
        ["FY"] = RosterColumn.College,
        ["BH"] = RosterColumn.Class,
        ["YJBYRQ"] = RosterColumn.ExpectedGraduationDate,
        ["ZYDM"] = RosterColumn.MajorCode,
        ["XSH"] = RosterColumn.Department,
        ["BZ"] = RosterColumn.Remark,
        // Codes seen beside CHSI's table in school and provincial files, for fields the portal has.
        ["YXMC"] = RosterColumn.SchoolName,
        ["ZJLX"] = RosterColumn.IdType,
        ["XJZT"] = RosterColumn.RegistryStatus,
        ["XLLB"] = RosterColumn.EducationCategory,
        ["NJ"] = RosterColumn.Cohort,
        ["LXDH"] = RosterColumn.Phone,
        ["SJHM"] = RosterColumn.Phone,
    };

    /// <summary>CHSI codes the portal knows but does not import, with their meaning, for the preview's note.</summary>
    public static readonly IReadOnlyDictionary<string, string> IgnoredCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["YXDM"] = "院校代码",
        ["CCDM"] = "层次代码",
        ["XBDM"] = "性别代码",
        ["MZDM"] = "民族代码",
        ["ZZMMDM"] = "政治面貌代码",
        ["SYD"] = "生源地",
        ["KSLB"] = "考生类别",
        ["BYZX"] = "毕业中学",
        ["JTDZ"] = "家庭地址",
        ["YZBM"] = "邮政编码",
        ["ZP"] = "照片",
    };

    private static readonly Dictionary<string, RosterColumn> ByHeader = BuildLookup();

    public static string HeaderOf(RosterColumn column) => All.First(c => c.Column == column).Header;

    /// <summary>
    /// The column a header names — a Chinese name or synonym, or a CHSI field code in any case — after removing
    /// spaces, "*" marks and notes in brackets ("学号（必填）", "XH(学号)").
    /// </summary>
    public static RosterColumn? Recognise(string? header)
    {
        var key = CleanHeader(header);
        if (key.Length == 0)
        {
            return null;
        }

        return ByHeader.TryGetValue(key, out var column) ? column : Codes.TryGetValue(key, out var coded) ? coded : null;
    }

    /// <summary>The CHSI code of a column ("学号" → "XH"), for messages that name both; null for the portal's own columns.</summary>
    public static string? CodeOf(RosterColumn column) =>
        Codes.Where(c => c.Value == column).Select(c => c.Key).FirstOrDefault();

    /// <summary>Whether the header is a CHSI field code (known to the portal or not), rather than a Chinese name.</summary>
    public static bool IsCode(string? header)
    {
        var key = CleanHeader(header);
        return Codes.ContainsKey(key) || IgnoredCodes.ContainsKey(key);
    }

    /// <summary>The meaning of a known CHSI code the portal does not import ("YXDM" → "院校代码"), or null.</summary>
    public static string? IgnoredCodeMeaning(string? header) =>
        IgnoredCodes.TryGetValue(CleanHeader(header), out var meaning) ? meaning : null;

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
        // Case matters only for the Latin synonyms ("EMAIL", "e-mail"); the Chinese names have none.
        var lookup = new Dictionary<string, RosterColumn>(StringComparer.OrdinalIgnoreCase);
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

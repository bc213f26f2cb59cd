using System.Globalization;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// One roster row's values after normalisation. Optional columns that are absent or empty are null: for a new
/// student the default applies, for an existing one the stored value stays (an empty cell never erases data).
/// </summary>
public sealed class RosterRecord
{
    public int Row { get; init; }
    public string StudentNumber { get; set; } = "";
    public string? ExamNumber { get; set; }
    public string Name { get; set; } = "";
    public Gender Gender { get; set; }
    public DateOnly BirthDate { get; set; }
    public string Ethnicity { get; set; } = "";
    public string? PoliticalStatus { get; set; }
    public string? IdType { get; set; }
    public string IdNumber { get; set; } = "";
    public string College { get; set; } = "";
    public string Major { get; set; } = "";
    public string Class { get; set; } = "";
    public string? Level { get; set; }
    /// <summary>学制 in tenths of a year.</summary>
    public int? LengthOfStudyTenths { get; set; }
    public string? StudyForm { get; set; }
    public string? EducationCategory { get; set; }
    public DateOnly EnrollmentDate { get; set; }
    public DateOnly? ExpectedGraduationDate { get; set; }
    public string? RegistryStatus { get; set; }
    public string? SchoolName { get; set; }
    public string? Phone { get; set; }
    public int Cohort { get; set; }
    /// <summary>入学类别 as the roster names it (table spelling for a known value); null keeps the stored one.</summary>
    public string? IntakeType { get; set; }
    /// <summary>专业代码 (ZYDM), normalised; checked against the major's stored code by the plan.</summary>
    public string? MajorCode { get; set; }
    /// <summary>系所 (XSH) and 备注 (BZ), kept on the student as given; null keeps the stored value.</summary>
    public string? Department { get; set; }
    public string? Remark { get; set; }

    /// <summary>电子邮箱 and 企业微信账号 (checked); null keeps the stored value, and an e-mail the student entered is never replaced.</summary>
    public string? Email { get; set; }
    public string? WeComUserId { get; set; }

    /// <summary>Set when the row has no 入学类别 but looks like a 专升本 student: a suggestion the registrar must confirm.</summary>
    public UpgradeEvidence? UpgradeEvidence { get; set; }

    public List<RowProblem> Problems { get; private set; } = [];

    /// <summary>
    /// 学号 or 班级 left empty: CHSI's file often comes before the school assigns them. The plan takes them from the
    /// stored student the row matches by 考生号 or 证件号码; a new student without them is listed, not imported.
    /// </summary>
    public List<RosterColumn> Missing { get; private set; } = [];

    /// <summary>Values a rule mapped from a variant ("汉" → 汉族): the preview names each.</summary>
    public List<(string Header, string From, string To)> Mappings { get; private set; } = [];

    public bool IsValid => Problems.Count == 0;

    /// <summary>
    /// A copy the plan may change (it adds problems and fills 学号 or 班级 from the stored student) while this one
    /// stays as the file gave it. The values are immutable and shared; only the lists are new.
    /// </summary>
    public RosterRecord Clone()
    {
        var copy = (RosterRecord)MemberwiseClone();
        copy.Problems = [.. Problems];
        copy.Missing = [.. Missing];
        copy.Mappings = [.. Mappings];
        return copy;
    }
}

/// <summary>
/// Turns a sheet row into a <see cref="RosterRecord"/>, collecting every problem of the row. Each column is checked by
/// its field's rule (<see cref="FieldRules"/>) in import mode: the usual variants of a code are accepted ("汉" → 汉族) and
/// each mapping is kept so that the preview can name it.
/// </summary>
public static class RosterRowParser
{
    private static readonly (RosterColumn Column, RecordField Field)[] FieldOf =
    [
        (RosterColumn.StudentNumber, RecordField.StudentNumber), (RosterColumn.ExamNumber, RecordField.ExamNumber),
        (RosterColumn.Name, RecordField.Name), (RosterColumn.Gender, RecordField.Gender), (RosterColumn.BirthDate, RecordField.BirthDate),
        (RosterColumn.Ethnicity, RecordField.Ethnicity), (RosterColumn.PoliticalStatus, RecordField.PoliticalStatus),
        (RosterColumn.IdType, RecordField.IdType), (RosterColumn.IdNumber, RecordField.IdNumber), (RosterColumn.College, RecordField.College),
        (RosterColumn.Major, RecordField.Major), (RosterColumn.Class, RecordField.Class), (RosterColumn.Level, RecordField.Level),
        (RosterColumn.LengthOfStudy, RecordField.LengthOfStudy), (RosterColumn.StudyForm, RecordField.StudyForm),
        (RosterColumn.EducationCategory, RecordField.EducationCategory), (RosterColumn.EnrollmentDate, RecordField.EnrollmentDate),
        (RosterColumn.ExpectedGraduationDate, RecordField.ExpectedGraduationDate), (RosterColumn.RegistryStatus, RecordField.RegistryStatus),
        (RosterColumn.SchoolName, RecordField.SchoolName), (RosterColumn.Phone, RecordField.Phone),
    ];

    private static readonly HashSet<RosterColumn> Required =
        [RosterColumn.StudentNumber, RosterColumn.Name, RosterColumn.Ethnicity, RosterColumn.IdNumber, RosterColumn.College,
         RosterColumn.Major, RosterColumn.Class, RosterColumn.EnrollmentDate];

    public static RosterRecord Parse(RosterRow row, IReadOnlyDictionary<RosterColumn, int> columns, DateOnly today)
    {
        var r = new RosterRecord { Row = row.Number };
        RosterCell? Cell(RosterColumn c) => columns.TryGetValue(c, out var i) ? row[i] : null;
        var idType = Check(r, RosterColumn.IdType, Cell(RosterColumn.IdType), today, null);
        var context = new FieldContext(today, FromImport: true, IdType: idType ?? IdTypes.ResidentCard);
        var values = FieldOf.Where(f => f.Column != RosterColumn.IdType)
            .ToDictionary(f => f.Column, f => Check(r, f.Column, Cell(f.Column), today, context));
        values[RosterColumn.IdType] = idType;

        r.StudentNumber = values[RosterColumn.StudentNumber] ?? "";
        r.ExamNumber = values[RosterColumn.ExamNumber];
        r.Name = values[RosterColumn.Name] ?? "";
        r.Ethnicity = values[RosterColumn.Ethnicity] ?? "";
        r.PoliticalStatus = values[RosterColumn.PoliticalStatus];
        r.IdType = idType;
        r.College = values[RosterColumn.College] ?? "";
        r.Major = values[RosterColumn.Major] ?? "";
        r.Class = values[RosterColumn.Class] ?? "";
        r.Level = values[RosterColumn.Level];
        r.LengthOfStudyTenths = LengthOfStudy.Parse(values[RosterColumn.LengthOfStudy]);
        r.StudyForm = values[RosterColumn.StudyForm];
        r.EducationCategory = values[RosterColumn.EducationCategory];
        r.RegistryStatus = values[RosterColumn.RegistryStatus];
        r.SchoolName = values[RosterColumn.SchoolName];
        r.Phone = values[RosterColumn.Phone];
        var enrollment = values[RosterColumn.EnrollmentDate] is { } e ? DateOnly.ParseExact(e, FieldRules.DateFormat, CultureInfo.InvariantCulture) : (DateOnly?)null;
        r.EnrollmentDate = enrollment ?? default;
        r.ExpectedGraduationDate = values[RosterColumn.ExpectedGraduationDate] is { } g ? DateOnly.ParseExact(g, FieldRules.DateFormat, CultureInfo.InvariantCulture) : null;
        ParseCohort(r, Cell(RosterColumn.Cohort), enrollment);
        ParseIntakeType(r, Cell(RosterColumn.IntakeType));
        ParseChsiExtras(r, Cell(RosterColumn.MajorCode), Cell(RosterColumn.Department), Cell(RosterColumn.Remark));
        ParseContacts(r, Cell(RosterColumn.Email), Cell(RosterColumn.WeComUserId), today);
        // An empty 入学类别 only: a type the roster names is the registrar's own word and never second-guessed.
        r.UpgradeEvidence = r.IntakeType is null && FieldText.Clean(Cell(RosterColumn.IntakeType)?.Text).Length == 0
            ? IntakeTypes.UpgradeEvidenceOf(r.LengthOfStudyTenths, r.Level, Cell(RosterColumn.Remark)?.Text)
            : null;

        if (values[RosterColumn.IdNumber] is { } idNumber)
        {
            ParseIdentity(r, idNumber, idType, values[RosterColumn.Gender], values[RosterColumn.BirthDate], today);
        }

        return r;
    }

    /// <summary>入学类别: a known value or a variant maps to the table; any other short text is a type the registrar adds.</summary>
    private static void ParseIntakeType(RosterRecord r, RosterCell? cell)
    {
        r.IntakeType = IntakeTypes.Normalize(cell?.Text);
        if (r.IntakeType is { Length: > Data.Configurations.FieldLengths.ShortText })
        {
            r.Problems.Add(RowProblem.Of(RosterColumn.IntakeType, cell?.Text, "不能超过 {0} 个字符", "32"));
            r.IntakeType = null;
        }
    }

    /// <summary>
    /// 专业代码, 系所 and 备注 are not fields of the record a student reports on (no <see cref="RecordField"/>): the code
    /// belongs to the major, the other two are kept as CHSI gives them, so they are checked here for shape and length.
    /// </summary>
    private static void ParseChsiExtras(RosterRecord r, RosterCell? code, RosterCell? department, RosterCell? remark)
    {
        var codeText = FieldText.Clean(code?.Text);
        if (codeText.Length > 0)
        {
            r.MajorCode = MajorCode.Normalize(codeText);
            if (r.MajorCode is null)
            {
                r.Problems.Add(RowProblem.Of(RosterColumn.MajorCode, codeText, "应为 6 位数字，可带字母后缀，如 080910T"));
            }
        }

        r.Department = Kept(r, RosterColumn.Department, department, Data.Configurations.FieldLengths.OrgName);
        r.Remark = Kept(r, RosterColumn.Remark, remark, Data.Configurations.FieldLengths.FieldValue);
    }

    /// <summary>
    /// 电子邮箱 through the e-mail field's rule (the one the student's own edit uses: a bare address, no "姓名 &lt;…&gt;"
    /// form) and 企业微信账号 by WeCom's user id rule. The problem names the column and the value; the row is in the table.
    /// </summary>
    private static void ParseContacts(RosterRecord r, RosterCell? email, RosterCell? weCom, DateOnly today)
    {
        var emailText = FieldText.Clean(email?.Text);
        if (emailText.Length > 0)
        {
            var check = FieldRules.For(RecordField.Email).Check(emailText, new FieldContext(today, FromImport: true));
            r.Email = check.IsValid ? check.Value : null;
            if (!check.IsValid)
            {
                r.Problems.Add(new("“{0}”中的“{1}”不是有效的电子邮箱地址（应为 name@example.edu.cn 这样的单个地址，不超过 {2} 个字符）",
                    RosterColumns.HeaderOf(RosterColumn.Email), FieldText.Quote(emailText), FieldRules.For(RecordField.Email).MaxLength.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var weComText = FieldText.Clean(weCom?.Text);
        if (weComText.Length > 0)
        {
            r.WeComUserId = Data.Rules.WeComUserId.Normalize(weComText);
            if (r.WeComUserId is null)
            {
                r.Problems.Add(new("“{0}”中的“{1}”不是有效的企业微信账号（1–64 个字母、数字或 _ - . @，以字母或数字开头）",
                    RosterColumns.HeaderOf(RosterColumn.WeComUserId), FieldText.Quote(weComText)));
            }
        }
    }

    private static string? Kept(RosterRecord r, RosterColumn column, RosterCell? cell, int maxLength)
    {
        var text = FieldText.Clean(cell?.Text);
        if (text.Length > maxLength)
        {
            r.Problems.Add(RowProblem.Of(column, text, "不能超过 {0} 个字符", maxLength.ToString(CultureInfo.InvariantCulture)));
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>One cell through its field's rule; null when empty or refused (the problem is on the record).</summary>
    private static string? Check(RosterRecord r, RosterColumn column, RosterCell? cell, DateOnly today, FieldContext? context)
    {
        var header = RosterColumns.HeaderOf(column);
        if (cell is not { } c || FieldText.Clean(c.Text).Length == 0)
        {
            if (column is RosterColumn.StudentNumber or RosterColumn.Class)
            {
                r.Missing.Add(column);
            }
            else if (Required.Contains(column))
            {
                r.Problems.Add(RowProblem.Of(column, null, "不能为空"));
            }

            return null;
        }

        if (column is RosterColumn.StudentNumber or RosterColumn.ExamNumber or RosterColumn.IdNumber or RosterColumn.Phone && LostDigits(c))
        {
            r.Problems.Add(RowProblem.Of(column, c.Text, "单元格是数字格式，数字已被 Excel 截断：请把该列设为文本格式后重新填写"));
            return null;
        }

        var field = FieldOf.First(f => f.Column == column).Field;
        var check = FieldRules.For(field).Check(c.Text, context ?? new FieldContext(today, FromImport: true));
        if (!check.IsValid)
        {
            r.Problems.Add(RowProblem.Of(column, c.Text, check));
            return null;
        }

        if (check.MappedFrom is { } typed && field != RecordField.IdNumber && field != RecordField.LengthOfStudy)
        {
            r.Mappings.Add(new(header, typed, check.Value!));
        }

        return check.Value;
    }

    private static void ParseCohort(RosterRecord r, RosterCell? cell, DateOnly? enrollment)
    {
        var text = cell is { } c ? InputNormalizer.Normalize(c.Text) : "";
        if (text.Length == 0)
        {
            r.Cohort = enrollment?.Year ?? 0;
            return;
        }

        if (int.TryParse(text.TrimEnd('级'), NumberStyles.None, CultureInfo.InvariantCulture, out var cohort) && cohort is >= 1950 and <= 2200)
        {
            r.Cohort = cohort;
        }
        else
        {
            r.Problems.Add(RowProblem.Of(RosterColumn.Cohort, text, "应为四位年份，如 2026"));
        }
    }

    private static void ParseIdentity(RosterRecord r, string idNumber, string? idType, string? genderText, string? birthText, DateOnly today)
    {
        var gender = genderText is null ? Gender.Unknown : genderText == "男" ? Gender.Male : Gender.Female;
        DateOnly? birth = birthText is null ? null : DateOnly.ParseExact(birthText, FieldRules.DateFormat, CultureInfo.InvariantCulture);
        r.IdNumber = idNumber;
        if (!IdNumber.HasCheckCharacter(idType))
        {
            // Passports and permits have no checksum; the record's birth date and gender come from their columns.
            if (gender == Gender.Unknown || birth is null)
            {
                r.Problems.Add(new("证件类型不是居民身份证时，必须填写性别和出生日期"));
            }

            r.Gender = gender;
            r.BirthDate = birth ?? default;
            return;
        }

        var parsed = IdNumber.ParseFor(idType, idNumber, today);
        r.Gender = parsed.Gender;
        r.BirthDate = parsed.BirthDate;
        if (gender != Gender.Unknown && gender != parsed.Gender)
        {
            r.Problems.Add(RowProblem.Of(RosterColumn.Gender, genderText, "与证件号码不一致（按证件号码应为“{0}”）", RecordSnapshot.GenderText(parsed.Gender)));
        }

        if (birth is { } b && b != parsed.BirthDate)
        {
            r.Problems.Add(RowProblem.Of(RosterColumn.BirthDate, birthText, "与证件号码不一致（按证件号码应为 {0}）", RecordSnapshot.Date(parsed.BirthDate)));
        }
    }

    /// <summary>A number cell that Excel stored as a double has lost digits beyond the fifteenth; so has "4.30104E+17" in a CSV.</summary>
    internal static bool LostDigits(RosterCell cell)
    {
        var text = cell.Text.Trim();
        if (text.Contains('E') || text.Contains('e'))
        {
            return text.Length > 0 && char.IsAsciiDigit(text[0]) && text.All(c => char.IsAsciiDigit(c) || c is '.' or 'E' or 'e' or '+' or '-');
        }

        return cell.IsNumber && text.Count(char.IsAsciiDigit) > 15;
    }
}

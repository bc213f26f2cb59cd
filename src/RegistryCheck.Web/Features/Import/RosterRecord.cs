using System.Globalization;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure;

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
    public int? LengthOfStudy { get; set; }
    public string? StudyForm { get; set; }
    public string? EducationCategory { get; set; }
    public DateOnly EnrollmentDate { get; set; }
    public DateOnly? ExpectedGraduationDate { get; set; }
    public string? RegistryStatus { get; set; }
    public string? SchoolName { get; set; }
    public string? Phone { get; set; }
    public int Cohort { get; set; }
    public List<UserMessage> Problems { get; } = [];

    public bool IsValid => Problems.Count == 0;
}

/// <summary>Turns a sheet row into a <see cref="RosterRecord"/>, collecting every problem of the row.</summary>
public static class RosterRowParser
{
    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-M-dTH:mm:ss",
    ];

    public static RosterRecord Parse(RosterRow row, IReadOnlyDictionary<RosterColumn, int> columns, DateOnly today)
    {
        var r = new RosterRecord { Row = row.Number };
        var lost = new HashSet<RosterColumn>();
        RosterCell? Cell(RosterColumn c) => columns.TryGetValue(c, out var i) ? row[i] : null;
        string? Text(RosterColumn c) => Cell(c) is { } cell && TextInput.Clean(cell.Text) is { Length: > 0 } t ? t : null;

        string? Number(RosterColumn c)
        {
            if (Cell(c) is not { } cell || string.IsNullOrWhiteSpace(cell.Text))
            {
                return null;
            }

            if (LostDigits(cell))
            {
                r.Problems.Add(new("“{0}”单元格是数字格式，数字已被 Excel 截断：请把该列设为文本格式后重新填写", RosterColumns.HeaderOf(c)));
                lost.Add(c);
                return null;
            }

            var value = InputNormalizer.Normalize(cell.Text);
            return value.Length == 0 ? null : value;
        }

        void Required(RosterColumn c, string? value)
        {
            if (value is null && !lost.Contains(c))
            {
                r.Problems.Add(new("“{0}”不能为空", RosterColumns.HeaderOf(c)));
            }
        }

        string? Limited(RosterColumn c, string? value, int max)
        {
            if (value is not null && value.Length > max)
            {
                r.Problems.Add(new("“{0}”超过 {1} 个字符", RosterColumns.HeaderOf(c), max.ToString(CultureInfo.InvariantCulture)));
            }

            return value;
        }

        var studentNumber = Number(RosterColumn.StudentNumber);
        Required(RosterColumn.StudentNumber, studentNumber);
        if (studentNumber is not null && !studentNumber.All(char.IsAsciiLetterOrDigit))
        {
            r.Problems.Add(new("“{0}”只能包含字母和数字", RosterColumns.HeaderOf(RosterColumn.StudentNumber)));
        }

        r.StudentNumber = Limited(RosterColumn.StudentNumber, studentNumber, FieldLengths.Number) ?? "";

        var exam = Number(RosterColumn.ExamNumber);
        if (exam is not null && !exam.All(char.IsAsciiLetterOrDigit))
        {
            r.Problems.Add(new("“{0}”只能包含字母和数字", RosterColumns.HeaderOf(RosterColumn.ExamNumber)));
        }

        r.ExamNumber = Limited(RosterColumn.ExamNumber, exam, FieldLengths.Number);

        var name = Text(RosterColumn.Name) is { } rawName ? NameNormalizer.Normalize(rawName) : null;
        name = name is { Length: > 0 } ? name : null;
        Required(RosterColumn.Name, name);
        if (name is not null && (NameNormalizer.CountCharacters(name) > NameNormalizer.MaxLength || name.Length > FieldLengths.PersonName))
        {
            r.Problems.Add(new("“{0}”超过 {1} 个字符", RosterColumns.HeaderOf(RosterColumn.Name), NameNormalizer.MaxLength.ToString(CultureInfo.InvariantCulture)));
        }

        r.Name = name ?? "";
        r.Ethnicity = Limited(RosterColumn.Ethnicity, Text(RosterColumn.Ethnicity), FieldLengths.ShortText) ?? "";
        Required(RosterColumn.Ethnicity, Text(RosterColumn.Ethnicity));
        r.PoliticalStatus = Limited(RosterColumn.PoliticalStatus, Text(RosterColumn.PoliticalStatus), FieldLengths.ShortText);
        r.IdType = Limited(RosterColumn.IdType, Text(RosterColumn.IdType), FieldLengths.ShortText);
        r.Level = Limited(RosterColumn.Level, Text(RosterColumn.Level), FieldLengths.ShortText);
        r.StudyForm = Limited(RosterColumn.StudyForm, Text(RosterColumn.StudyForm), FieldLengths.ShortText);
        r.EducationCategory = Limited(RosterColumn.EducationCategory, Text(RosterColumn.EducationCategory), FieldLengths.ShortText);
        r.RegistryStatus = Limited(RosterColumn.RegistryStatus, Text(RosterColumn.RegistryStatus), FieldLengths.ShortText);
        r.SchoolName = Limited(RosterColumn.SchoolName, Text(RosterColumn.SchoolName), FieldLengths.OrgName);

        foreach (var (column, set) in new (RosterColumn, Action<string>)[]
                 {
                     (RosterColumn.College, v => r.College = v), (RosterColumn.Major, v => r.Major = v), (RosterColumn.Class, v => r.Class = v),
                 })
        {
            var value = Text(column);
            Required(column, value);
            set(Limited(column, value, FieldLengths.OrgName) ?? "");
        }

        var phone = Number(RosterColumn.Phone);
        if (phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is '-' or '+'))
        {
            r.Problems.Add(new("“{0}”只能包含数字、+ 和 -", RosterColumns.HeaderOf(RosterColumn.Phone)));
        }

        r.Phone = Limited(RosterColumn.Phone, phone, FieldLengths.Number);

        if (Number(RosterColumn.LengthOfStudy) is { } length)
        {
            var digits = length.TrimEnd('年').Replace(".0", "", StringComparison.Ordinal);
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var years) && years is >= 1 and <= 8)
            {
                r.LengthOfStudy = years;
            }
            else
            {
                r.Problems.Add(new("“{0}”应为 1 到 8 之间的整数", RosterColumns.HeaderOf(RosterColumn.LengthOfStudy)));
            }
        }

        var enrollment = Date(Cell(RosterColumn.EnrollmentDate), RosterColumn.EnrollmentDate, r);
        Required(RosterColumn.EnrollmentDate, Cell(RosterColumn.EnrollmentDate) is { Text.Length: > 0 } ? "" : null);
        r.EnrollmentDate = enrollment ?? default;
        r.ExpectedGraduationDate = Date(Cell(RosterColumn.ExpectedGraduationDate), RosterColumn.ExpectedGraduationDate, r);

        if (Number(RosterColumn.Cohort) is { } cohortText)
        {
            if (int.TryParse(cohortText.TrimEnd('级'), NumberStyles.None, CultureInfo.InvariantCulture, out var cohort) && cohort is >= 1950 and <= 2200)
            {
                r.Cohort = cohort;
            }
            else
            {
                r.Problems.Add(new("“{0}”应为四位年份，如 2026", RosterColumns.HeaderOf(RosterColumn.Cohort)));
            }
        }
        else if (enrollment is { } e)
        {
            r.Cohort = e.Year;
        }

        var idNumber = Number(RosterColumn.IdNumber);
        if (idNumber is null)
        {
            Required(RosterColumn.IdNumber, null);
            return r;
        }

        ParseIdentity(r, idNumber, Cell(RosterColumn.Gender), Cell(RosterColumn.BirthDate), today);
        return r;
    }

    private static void ParseIdentity(RosterRecord r, string idNumber, RosterCell? genderCell, RosterCell? birthCell, DateOnly today)
    {
        var gender = Gender.Unknown;
        if (genderCell is { } g && TextInput.Clean(g.Text) is { Length: > 0 } genderText)
        {
            gender = genderText switch
            {
                "男" or "男性" or "M" or "m" or "1" => Gender.Male,
                "女" or "女性" or "F" or "f" or "2" => Gender.Female,
                _ => Gender.Unknown,
            };
            if (gender == Gender.Unknown)
            {
                r.Problems.Add(new("性别“{0}”无法识别，应为“男”或“女”", genderText));
            }
        }

        var birth = Date(birthCell, RosterColumn.BirthDate, r);
        var isResidentCard = r.IdType is null || r.IdType == RecordDefaults.IdTypeResidentCard;

        if (!isResidentCard)
        {
            // Passports and permits have no checksum; the record's birth date and gender come from their columns.
            r.IdNumber = idNumber;
            if (idNumber.Length > FieldLengths.Number)
            {
                r.Problems.Add(new("“{0}”超过 {1} 个字符", RosterColumns.HeaderOf(RosterColumn.IdNumber), FieldLengths.Number.ToString(CultureInfo.InvariantCulture)));
            }

            if (gender == Gender.Unknown || birth is null)
            {
                r.Problems.Add(new("证件类型不是居民身份证时，必须填写性别和出生日期"));
            }

            r.Gender = gender;
            r.BirthDate = birth ?? default;
            return;
        }

        var parsed = IdNumber.Parse(idNumber, today);
        if (!parsed.IsValid)
        {
            r.Problems.Add(new("证件号码{0}", IdNumberMessages.Of(parsed.Error)));
            return;
        }

        r.IdNumber = parsed.Value;
        r.Gender = parsed.Gender;
        r.BirthDate = parsed.BirthDate;
        if (gender != Gender.Unknown && gender != parsed.Gender)
        {
            r.Problems.Add(new("性别与证件号码不一致（按证件号码应为“{0}”）", RecordSnapshot.GenderText(parsed.Gender)));
        }

        if (birth is { } b && b != parsed.BirthDate)
        {
            r.Problems.Add(new("出生日期与证件号码不一致（按证件号码应为 {0}）", RecordSnapshot.Date(parsed.BirthDate)));
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

    internal static DateOnly? Date(RosterCell? cell, RosterColumn column, RosterRecord r)
    {
        if (cell is not { } c || string.IsNullOrWhiteSpace(c.Text))
        {
            return null;
        }

        var text = InputNormalizer.Normalize(c.Text);
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return DateOnly.FromDateTime(parsed);
        }

        // A date cell in an xlsx holds an OLE Automation serial (days since 1899-12-30), unless typed as text.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2_958_466 && (text.Length < 8 || text.Contains('.')))
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }

        r.Problems.Add(new("“{0}”不是有效的日期（应为 yyyy-MM-dd，如 2026-09-01）", RosterColumns.HeaderOf(column)));
        return null;
    }
}

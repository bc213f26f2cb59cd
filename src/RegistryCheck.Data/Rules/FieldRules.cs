using System.Globalization;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Rules;

/// <summary>
/// The one table of record fields. The roster import, the student's report form (server and the form's choices and
/// hints), the registrar's decision and the exports all take a field's label, length, normalisation, validation,
/// display and approval rule from here; no field is checked anywhere else.
/// </summary>
public static class FieldRules
{
    public const string DateFormat = "yyyy-MM-dd";

    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-M-dTH:mm:ss",
    ];

    private static readonly Dictionary<RecordField, FieldRule> Rules = Build().ToDictionary(r => r.Field);

    public static IEnumerable<FieldRule> All => Rules.Values;

    public static FieldRule For(RecordField field) => Rules[field];

    public static string Label(RecordField field) => Rules.TryGetValue(field, out var rule) ? rule.Label : field.ToString();

    public static bool NeedsProvincialApproval(RecordField field) => Rules.TryGetValue(field, out var rule) && rule.NeedsProvincialApproval;

    public static string Date(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "";

    public static string GenderText(Gender gender) => gender switch
    {
        Gender.Male => "男",
        Gender.Female => "女",
        _ => "",
    };

    private static IEnumerable<FieldRule> Build()
    {
        yield return new FieldRule
        {
            Field = RecordField.Name, Label = "姓名", LabelEn = "Name", MaxLength = FieldLengths.PersonName, NeedsProvincialApproval = true,
            Hint = "请与身份证完全一致；少数民族姓名的间隔号写作“·”。", Read = s => s.Name, Write = (s, v) => s.Name = v, Parse = ParseName,
        };
        yield return Code(RecordField.Gender, "性别", "Gender", CodeTables.Gender, approval: true,
            s => GenderText(s.Gender), (s, v) => s.Gender = v == "男" ? Gender.Male : Gender.Female);
        yield return DateRule(RecordField.BirthDate, "出生日期", "Date of birth", approval: true, s => Date(s.BirthDate), (s, d) => s.BirthDate = d, notInFuture: true);
        yield return Code(RecordField.Ethnicity, "民族", "Ethnicity", CodeTables.Ethnicity, approval: false, s => s.Ethnicity, (s, v) => s.Ethnicity = v);
        yield return Code(RecordField.PoliticalStatus, "政治面貌", "Political status", CodeTables.PoliticalStatus, approval: false,
            s => s.PoliticalStatus ?? "", (s, v) => s.PoliticalStatus = v);
        yield return Code(RecordField.IdType, "证件类型", "ID type", CodeTables.IdType, approval: false, s => s.IdType, (s, v) => s.IdType = v);
        yield return new FieldRule
        {
            Field = RecordField.IdNumber, Label = "证件号码", LabelEn = "ID number", MaxLength = FieldLengths.Number, NeedsProvincialApproval = true,
            Hint = "居民身份证为 18 位，末位 X 请大写；旧式 15 位号码会自动转换。", Read = s => s.IdNumber, Write = (s, v) => s.IdNumber = v, Parse = ParseIdNumber,
        };
        yield return Number(RecordField.ExamNumber, "考生号", "Exam number", s => s.ExamNumber ?? "", (s, v) => s.ExamNumber = v);
        yield return Number(RecordField.StudentNumber, "学号", "Student number", s => s.StudentNumber, (s, v) => s.StudentNumber = v);
        yield return Text(RecordField.SchoolName, "学校名称", "University", FieldLengths.OrgName, s => s.SchoolName, (s, v) => s.SchoolName = v, approval: false);
        yield return Code(RecordField.Level, "层次", "Level", CodeTables.Level, approval: true, s => s.Level, (s, v) => s.Level = v);
        yield return Text(RecordField.College, "院系", "College", FieldLengths.OrgName, null, null, approval: false);
        yield return Text(RecordField.Major, "专业", "Major", FieldLengths.OrgName, null, null, approval: true);
        yield return Text(RecordField.Class, "班级", "Class", FieldLengths.OrgName, null, null, approval: false);
        yield return new FieldRule
        {
            Field = RecordField.LengthOfStudy, Label = "学制", LabelEn = "Length of study", MaxLength = 3, NeedsProvincialApproval = true,
            Input = FieldInput.Number, Hint = "以年为单位，如 4 或 2.5。",
            Read = s => LengthOfStudy.Format(s.LengthOfStudyTenths),
            Write = (s, v) => s.LengthOfStudyTenths = LengthOfStudy.Parse(v)!.Value,
            Parse = (text, _) => LengthOfStudy.Parse(text) is { } tenths
                ? FieldCheck.Ok(LengthOfStudy.Format(tenths), text) : FieldCheck.Fail(FieldMessages.LengthOfStudy),
        };
        yield return Code(RecordField.StudyForm, "学习形式", "Form of study", CodeTables.StudyForm, approval: true, s => s.StudyForm, (s, v) => s.StudyForm = v);
        yield return Code(RecordField.EducationCategory, "学历类别", "Category", CodeTables.EducationCategory, approval: false,
            s => s.EducationCategory, (s, v) => s.EducationCategory = v);
        yield return DateRule(RecordField.EnrollmentDate, "入学日期", "Enrollment date", approval: false, s => Date(s.EnrollmentDate), (s, d) => s.EnrollmentDate = d);
        yield return DateRule(RecordField.ExpectedGraduationDate, "预计毕业日期", "Expected graduation", approval: false,
            s => Date(s.ExpectedGraduationDate), (s, d) => s.ExpectedGraduationDate = d);
        yield return Code(RecordField.RegistryStatus, "学籍状态", "Registry status", CodeTables.RegistryStatus, approval: false,
            s => s.RegistryStatus, (s, v) => s.RegistryStatus = v);
        yield return new FieldRule
        {
            Field = RecordField.Photo, Label = "录取照片", LabelEn = "Admission photo", MaxLength = FieldLengths.FieldValue, Input = FieldInput.Description,
            Parse = (text, _) => FieldCheck.Ok(text),
        };
        yield return new FieldRule
        {
            Field = RecordField.Phone, Label = "联系电话", LabelEn = "Phone", MaxLength = FieldLengths.Number, Input = FieldInput.Phone,
            StudentEditsDirectly = true, Reportable = false, Hint = "11 位手机号；港澳台及境外号码请以 + 和国家（地区）代码开头。",
            Read = s => s.Phone ?? "", Write = (s, v) => s.Phone = v,
            Parse = (text, _) => PhoneNumber.Normalize(text) is { } phone ? FieldCheck.Ok(phone) : FieldCheck.Fail(FieldMessages.Phone),
        };
        yield return new FieldRule
        {
            Field = RecordField.Email, Label = "电子邮箱", LabelEn = "E-mail", MaxLength = FieldLengths.Email, Input = FieldInput.Email,
            StudentEditsDirectly = true, Reportable = false,
            Read = s => s.Email ?? "", Write = (s, v) => s.Email = v,
            Parse = (text, _) => EmailAddress.Normalize(text) is { } email ? FieldCheck.Ok(email) : FieldCheck.Fail(FieldMessages.Email),
        };
        yield return new FieldRule
        {
            // Written by the correction of a 更改 of 姓名, never reported on its own: it records what the name was.
            Field = RecordField.FormerName, Label = "曾用名", LabelEn = "Former name", MaxLength = FieldLengths.PersonName, Reportable = false,
            Read = s => s.FormerName ?? "", Write = (s, v) => s.FormerName = v, Parse = ParseName,
        };
    }

    private static FieldRule Code(RecordField field, string label, string labelEn, CodeTable table, bool approval, Func<Student, string> read, Action<Student, string> write) => new()
    {
        Field = field, Label = label, LabelEn = labelEn, MaxLength = FieldLengths.ShortText, Input = FieldInput.Choice, Choices = table,
        NeedsProvincialApproval = approval, Read = read, Write = write,
        Parse = (text, context) => table.Find(text, context.FromImport) is { } value
            ? FieldCheck.Ok(value, text) : FieldCheck.Fail(FieldMessages.NotInTable, label, FieldText.Quote(text)),
    };

    private static FieldRule Text(RecordField field, string label, string labelEn, int max, Func<Student, string>? read, Action<Student, string>? write,
        bool approval) => new()
    {
        Field = field, Label = label, LabelEn = labelEn, MaxLength = max, Read = read, Write = write, NeedsProvincialApproval = approval,
        // Unit names are compared with the stored ones: runs of spaces inside are one space.
        Parse = (text, _) => FieldCheck.Ok(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))),
    };

    private static FieldRule Number(RecordField field, string label, string labelEn, Func<Student, string> read, Action<Student, string> write) => new()
    {
        Field = field, Label = label, LabelEn = labelEn, MaxLength = FieldLengths.Number, Read = read, Write = write,
        Parse = (text, _) => InputNormalizer.Normalize(text) is var value && value.All(char.IsAsciiLetterOrDigit)
            ? FieldCheck.Ok(value) : FieldCheck.Fail(FieldMessages.LettersAndDigits, label),
    };

    private static FieldRule DateRule(RecordField field, string label, string labelEn, bool approval, Func<Student, string> read, Action<Student, DateOnly> write,
        bool notInFuture = false) => new()
    {
        Field = field, Label = label, LabelEn = labelEn, MaxLength = DateFormat.Length, Input = FieldInput.Date, NeedsProvincialApproval = approval,
        Hint = "格式为 yyyy-MM-dd，如 2008-03-15。", Read = read,
        Write = (s, v) => write(s, DateOnly.ParseExact(v, DateFormat, CultureInfo.InvariantCulture)),
        Parse = (text, context) => ParseDate(text, context.FromImport) is not { } date ? FieldCheck.Fail(FieldMessages.InvalidDate, label)
            : notInFuture && date > context.Today ? FieldCheck.Fail(FieldMessages.DateInFuture, label)
            : FieldCheck.Ok(Date(date)),
    };

    public static DateOnly? ParseDate(string text, bool fromImport)
    {
        var t = InputNormalizer.Normalize(text);
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return DateOnly.FromDateTime(parsed);
        }

        // A date cell in an xlsx holds an OLE Automation serial (days since 1899-12-30), unless typed as text.
        if (fromImport && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2_958_466
            && (t.Length < 8 || t.Contains('.')))
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }

        return null;
    }

    private static FieldCheck ParseName(string text, FieldContext context)
    {
        var name = NameNormalizer.Normalize(text);
        if (name.Length == 0)
        {
            return FieldCheck.Fail(FieldMessages.Required, "姓名");
        }

        return NameNormalizer.CountCharacters(name) > NameNormalizer.MaxLength
            ? FieldCheck.Fail(FieldMessages.NameTooLong, NameNormalizer.MaxLength.ToString(CultureInfo.InvariantCulture))
            : FieldCheck.Ok(name);
    }

    private static FieldCheck ParseIdNumber(string text, FieldContext context)
    {
        var parsed = IdNumber.ParseFor(context.IdType ?? IdTypes.ResidentCard, text, context.Today);
        return parsed.IsValid
            ? FieldCheck.Ok(parsed.Value, text) with { Identity = parsed }
            : FieldCheck.Fail(FieldMessages.IdNumber, IdNumberMessages.Of(parsed.Error));
    }
}

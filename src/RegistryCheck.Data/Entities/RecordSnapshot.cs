using RegistryCheck.Data.Rules;

namespace RegistryCheck.Data.Entities;

/// <summary>
/// The record's fields as text, in CHSI's order and wording. Used for the record page, for the value a report
/// keeps as its snapshot, for corrections and for exports, so that all of them show the same text. The text of
/// each field comes from its rule (<see cref="FieldRules"/>).
/// </summary>
public static class RecordSnapshot
{
    public const string DateFormat = FieldRules.DateFormat;

    public static readonly RecordField[] DisplayOrder =
    [
        RecordField.Name, RecordField.FormerName, RecordField.Gender, RecordField.BirthDate, RecordField.Ethnicity, RecordField.PoliticalStatus,
        RecordField.IdType, RecordField.IdNumber, RecordField.ExamNumber, RecordField.StudentNumber, RecordField.SchoolName,
        RecordField.Level, RecordField.College, RecordField.Major, RecordField.Class, RecordField.LengthOfStudy,
        RecordField.StudyForm, RecordField.EducationCategory, RecordField.EnrollmentDate, RecordField.ExpectedGraduationDate,
        RecordField.RegistryStatus, RecordField.Phone, RecordField.Email,
    ];

    public static string GenderText(Gender gender) => FieldRules.GenderText(gender);

    public static string Date(DateOnly? date) => FieldRules.Date(date);

    /// <summary>The text of one field; college, major and class names come from the caller's projection.</summary>
    public static string ValueOf(Student s, RecordField field, string collegeName, string majorName, string className) => field switch
    {
        RecordField.College => collegeName,
        RecordField.Major => majorName,
        RecordField.Class => className,
        _ => FieldRules.For(field).Display(s),
    };
}

using System.Globalization;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Data.Entities;

/// <summary>
/// The record's fields as text, in CHSI's order and wording. Used for the record page, for the value a report
/// keeps as its snapshot, for corrections and for exports, so that all of them show the same text.
/// Dates are written yyyy-MM-dd as the registry writes them, whatever the UI language.
/// </summary>
public static class RecordSnapshot
{
    public const string DateFormat = "yyyy-MM-dd";

    public static readonly RecordField[] DisplayOrder =
    [
        RecordField.Name, RecordField.Gender, RecordField.BirthDate, RecordField.Ethnicity, RecordField.PoliticalStatus,
        RecordField.IdType, RecordField.IdNumber, RecordField.ExamNumber, RecordField.StudentNumber, RecordField.SchoolName,
        RecordField.Level, RecordField.College, RecordField.Major, RecordField.Class, RecordField.LengthOfStudy,
        RecordField.StudyForm, RecordField.EducationCategory, RecordField.EnrollmentDate, RecordField.ExpectedGraduationDate,
        RecordField.RegistryStatus, RecordField.Phone,
    ];

    public static string GenderText(Gender gender) => gender switch
    {
        Gender.Male => "男",
        Gender.Female => "女",
        _ => "",
    };

    public static string Date(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The text of one field; college, major and class names come from the caller's projection.</summary>
    public static string ValueOf(Student s, RecordField field, string collegeName, string majorName, string className) => field switch
    {
        RecordField.Name => s.Name,
        RecordField.Gender => GenderText(s.Gender),
        RecordField.BirthDate => Date(s.BirthDate),
        RecordField.Ethnicity => s.Ethnicity,
        RecordField.PoliticalStatus => s.PoliticalStatus ?? "",
        RecordField.IdType => s.IdType,
        RecordField.IdNumber => s.IdNumber,
        RecordField.ExamNumber => s.ExamNumber ?? "",
        RecordField.StudentNumber => s.StudentNumber,
        RecordField.SchoolName => s.SchoolName,
        RecordField.Level => s.Level,
        RecordField.College => collegeName,
        RecordField.Major => majorName,
        RecordField.Class => className,
        RecordField.LengthOfStudy => s.LengthOfStudy.ToString(CultureInfo.InvariantCulture),
        RecordField.StudyForm => s.StudyForm,
        RecordField.EducationCategory => s.EducationCategory,
        RecordField.EnrollmentDate => Date(s.EnrollmentDate),
        RecordField.ExpectedGraduationDate => Date(s.ExpectedGraduationDate),
        RecordField.RegistryStatus => s.RegistryStatus,
        RecordField.Phone => s.Phone ?? "",
        RecordField.Photo => "",
        _ => "",
    };
}

namespace RegistryCheck.Data.Entities;

/// <summary>The fields of the registry record a student can report as wrong.</summary>
public enum RecordField
{
    Name = 0,
    Gender = 1,
    BirthDate = 2,
    Ethnicity = 3,
    PoliticalStatus = 4,
    IdType = 5,
    IdNumber = 6,
    ExamNumber = 7,
    StudentNumber = 8,
    SchoolName = 9,
    Level = 10,
    College = 11,
    Major = 12,
    Class = 13,
    LengthOfStudy = 14,
    StudyForm = 15,
    EducationCategory = 16,
    EnrollmentDate = 17,
    ExpectedGraduationDate = 18,
    RegistryStatus = 19,
    Photo = 20,
    Phone = 21,
    Email = 22,
    FormerName = 23,
}

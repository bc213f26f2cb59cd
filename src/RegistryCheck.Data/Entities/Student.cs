using RegistryCheck.Data.Rules;

namespace RegistryCheck.Data.Entities;

/// <summary>
/// A student and the registry record (学籍信息) as CHSI shows it. The admission photo lives in
/// <see cref="AdmissionPhoto"/> so that no list ever loads image bytes.
/// </summary>
public class Student : IVersioned
{
    public int Id { get; set; }
    /// <summary>学号, the sign-in name.</summary>
    public required string StudentNumber { get; set; }
    /// <summary>考生号 (gaokao exam number).</summary>
    public string? ExamNumber { get; set; }
    public required string Name { get; set; }
    public Gender Gender { get; set; }
    public DateOnly BirthDate { get; set; }
    public required string Ethnicity { get; set; }
    public string? PoliticalStatus { get; set; }
    public string IdType { get; set; } = RecordDefaults.IdTypeResidentCard;
    /// <summary>证件号码, stored in its 18-character form.</summary>
    public required string IdNumber { get; set; }
    public string SchoolName { get; set; } = "";
    public string Level { get; set; } = RecordDefaults.LevelUndergraduate;
    public int CollegeId { get; set; }
    public College College { get; set; } = null!;
    public int MajorId { get; set; }
    public Major Major { get; set; } = null!;
    public int ClassId { get; set; }
    public SchoolClass Class { get; set; } = null!;
    /// <summary>学制 in tenths of a year (40 = 4 years, 25 = 2.5): see <see cref="Rules.LengthOfStudy"/> and ADR-010.</summary>
    public int LengthOfStudyTenths { get; set; } = 40;
    public string StudyForm { get; set; } = RecordDefaults.StudyFormFullTime;
    public string EducationCategory { get; set; } = RecordDefaults.EducationCategory;
    public DateOnly EnrollmentDate { get; set; }
    public DateOnly? ExpectedGraduationDate { get; set; }
    public string RegistryStatus { get; set; } = RecordDefaults.RegistryStatus;
    /// <summary>Contact phone for counselors; not part of the CHSI record.</summary>
    public string? Phone { get; set; }
    /// <summary>When the student entered <see cref="Phone"/> on the record page; null while it is the roster's (often a parent's).</summary>
    public DateTime? PhoneByStudentAt { get; set; }
    public string? Email { get; set; }
    /// <summary>When the student entered <see cref="Email"/> on the record page; null while it is the roster's (a re-import never replaces the student's).</summary>
    public DateTime? EmailByStudentAt { get; set; }
    /// <summary>企业微信 user id from the roster (column 企业微信账号); null = none, or 学号 when the school maps them 1:1 (a setting).</summary>
    public string? WeComUserId { get; set; }
    /// <summary>曾用名: the admission name, kept when a 更改 of 姓名 is corrected.</summary>
    public string? FormerName { get; set; }
    /// <summary>年级, e.g. 2026; a campaign addresses one cohort.</summary>
    public int Cohort { get; set; }
    /// <summary>入学类别 (普通本科, 专升本…): a campaign targets a cohort and a list of these (<see cref="Rules.IntakeTypes"/>).</summary>
    public string IntakeType { get; set; } = Rules.IntakeTypes.Regular;
    /// <summary>系所 (CHSI's XSH): the department inside the college, as the roster gives it; often empty.</summary>
    public string? Department { get; set; }
    /// <summary>
    /// 备注 (CHSI's BZ) as the roster gives it. For 专升本 it names the 专科 school and diploma number, which the
    /// record page shows read-only (<see cref="Rules.PriorStudyRemark"/>).
    /// </summary>
    public string? Remark { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

public static class RecordDefaults
{
    public const string IdTypeResidentCard = IdTypes.ResidentCard;
    public const string LevelUndergraduate = "本科";
    public const string StudyFormFullTime = "普通全日制";
    public const string EducationCategory = "普通高等教育";
    public const string RegistryStatus = "在籍（注册学籍）";
}

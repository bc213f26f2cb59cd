using RegistryCheck.Data.Entities;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>
/// The one builder of test students (in the style of eShopOnWeb's builders): every default is valid and unique —
/// student number, exam number and phone from one counter, and an ID number whose check character, birth date and
/// gender agree with the record. A test changes only what it is about.
/// </summary>
public sealed class StudentBuilder
{
    private static int _next = 500;

    private readonly Student _student;

    public StudentBuilder(SchoolClass cls, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(cls);
        var n = Interlocked.Increment(ref _next);
        var first17 = $"4301042007{(n % 12) + 1:00}{(n % 28) + 1:00}{n % 1000:000}";
        IdNumber = first17 + RegistryCheck.Data.Rules.IdNumber.ComputeCheckCharacter(first17);
        var parsed = RegistryCheck.Data.Rules.IdNumber.Parse(IdNumber);
        _student = new Student
        {
            StudentNumber = $"{cls.Cohort}9{n:00000}",
            Name = $"测试{n}",
            Gender = parsed.Gender,
            BirthDate = parsed.BirthDate,
            Ethnicity = "汉族",
            IdNumber = IdNumber,
            ExamNumber = $"{cls.Cohort % 100:00}43000{n:0000000}",
            CollegeId = cls.CollegeId,
            MajorId = cls.MajorId!.Value,
            ClassId = cls.Id,
            Cohort = cls.Cohort,
            EnrollmentDate = new DateOnly(cls.Cohort, 9, 1),
            CreatedAt = now,
            UpdatedAt = now,
            Phone = $"139{n:00000000}",
        };
    }

    /// <summary>The ID number the student signs in with first (its last six characters are the initial password).</summary>
    public string IdNumber { get; }

    public string InitialPassword => RegistryCheck.Data.Rules.InitialPassword.For(IdNumber);

    public StudentBuilder WithName(string name)
    {
        _student.Name = name;
        return this;
    }

    public Student Build() => _student;
}

using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.IntegrationTests.Infrastructure;

public sealed record TestStudent(int Id, string StudentNumber, string IdNumber, string InitialPassword, int ClassId, int CollegeId);

/// <summary>Builds extra students in a demo class, each with a unique number and a valid ID number.</summary>
public static class TestStudents
{
    private static int _next = 500;

    public static async Task<TestStudent> AddAsync(PortalFactory factory, string className = "2026级经济学1班", bool withPhoto = false)
    {
        var n = Interlocked.Increment(ref _next);
        var first17 = $"4301042007{(n % 12) + 1:00}{(n % 28) + 1:00}{n % 1000:000}";
        var idNumber = first17 + IdNumber.ComputeCheckCharacter(first17);
        var parsed = IdNumber.Parse(idNumber);
        return await factory.WithDbAsync(async db =>
        {
            var cls = await db.Classes.FirstAsync(c => c.Name == className);
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var student = new Student
            {
                StudentNumber = $"20269{n:00000}",
                Name = $"测试{n}",
                Gender = parsed.Gender,
                BirthDate = parsed.BirthDate,
                Ethnicity = "汉族",
                IdNumber = idNumber,
                ExamNumber = $"2643000{n:0000000}",
                CollegeId = cls.CollegeId,
                MajorId = cls.MajorId!.Value,
                ClassId = cls.Id,
                Cohort = cls.Cohort,
                EnrollmentDate = new DateOnly(2026, 9, 1),
                CreatedAt = now,
                UpdatedAt = now,
                Phone = $"139{n:00000000}",
            };
            db.Students.Add(student);
            db.Users.Add(StudentAccounts.NewAccount(student, now));
            var campaign = await db.Campaigns.FirstAsync(c => c.Cohort == cls.Cohort);
            db.StudentChecks.Add(new StudentCheck { CampaignId = campaign.Id, Student = student, StateChangedAt = now });
            if (withPhoto)
            {
                var png = RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.Create(n);
                db.AdmissionPhotos.Add(new AdmissionPhoto { Student = student, Content = png, ContentType = "image/png", Width = 300, Height = 400, SizeBytes = png.Length, IsCurrent = true, UploadedAt = now });
            }

            await db.SaveChangesAsync();
            return new TestStudent(student.Id, student.StudentNumber, idNumber, RegistryCheck.Data.Rules.InitialPassword.For(idNumber), cls.Id, cls.CollegeId);
        });
    }

    /// <summary>Signs a new student in with an own password and returns both.</summary>
    public static async Task<(TestStudent Student, PortalClient Client)> SignedInAsync(PortalFactory factory, string className = "2026级经济学1班", bool withPhoto = false)
    {
        var student = await AddAsync(factory, className, withPhoto);
        var client = factory.NewClient();
        await client.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);
        return (student, client);
    }
}

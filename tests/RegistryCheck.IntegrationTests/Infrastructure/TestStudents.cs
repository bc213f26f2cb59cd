using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.IntegrationTests.Infrastructure;

public sealed record TestStudent(int Id, string StudentNumber, string IdNumber, string InitialPassword, int ClassId, int CollegeId);

/// <summary>Extra students in a demo class (built by <see cref="StudentBuilder"/>), with an account and a check.</summary>
public static class TestStudents
{
    public static async Task<TestStudent> AddAsync(PortalFactory factory, string className = "2026级经济学1班", bool withPhoto = false, string? intakeType = null)
    {
        return await factory.WithDbAsync(async db =>
        {
            var cls = await db.Classes.FirstAsync(c => c.Name == className);
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var builder = new StudentBuilder(cls, now);
            var student = builder.Build();
            student.IntakeType = intakeType ?? student.IntakeType;
            db.Students.Add(student);
            db.Users.Add(StudentAccounts.NewAccount(student, now));
            // The campaign that targets the student's intake type, as the import places a student.
            var targets = await RegistryCheck.Web.Features.Shared.CampaignTargeting.OpenTargetsAsync(db, cls.Cohort, default);
            var campaignId = RegistryCheck.Web.Features.Shared.CampaignTargeting.TargetOf(targets, student.IntakeType)?.Id
                ?? await db.Campaigns.Where(c => c.Cohort == cls.Cohort).Select(c => c.Id).FirstAsync();
            db.StudentChecks.Add(new StudentCheck { CampaignId = campaignId, Student = student, StateChangedAt = now });
            if (withPhoto)
            {
                var png = RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.Create(int.Parse(student.StudentNumber[^5..], System.Globalization.CultureInfo.InvariantCulture));
                db.AdmissionPhotos.Add(new AdmissionPhoto { Student = student, Content = png, ContentType = "image/png", Width = 300, Height = 400, SizeBytes = png.Length, IsCurrent = true, UploadedAt = now });
            }

            await db.SaveChangesAsync();
            return new TestStudent(student.Id, student.StudentNumber, builder.IdNumber, builder.InitialPassword, cls.Id, cls.CollegeId);
        });
    }

    /// <summary>Signs a new student in with an own password and returns both.</summary>
    public static async Task<(TestStudent Student, PortalClient Client)> SignedInAsync(
        PortalFactory factory, string className = "2026级经济学1班", bool withPhoto = false, string? intakeType = null)
    {
        var student = await AddAsync(factory, className, withPhoto, intakeType);
        var client = factory.NewClient();
        await client.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);
        return (student, client);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.IntegrationTests.Foundation;

public class DemoDataTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_demo_university_has_two_colleges_four_classes_forty_students_with_real_photos()
    {
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(2, await db.Colleges.CountAsync());
            Assert.Equal(4, await db.Classes.CountAsync());
            Assert.True(await db.Students.CountAsync() >= 40);
            var photos = await db.AdmissionPhotos.Where(p => p.IsCurrent).Select(p => p.Content).ToListAsync();
            Assert.True(photos.Count >= 38);
            Assert.All(photos, p => Assert.True(UploadInspector.Inspect(p, UploadKind.AdmissionPhoto).IsValid));
        });
    }

    [Fact]
    public async Task The_2026_campaign_is_open_with_a_deadline_fourteen_days_after_the_first_run()
    {
        var campaign = await factory.WithDbAsync(db => db.Campaigns.SingleAsync());
        Assert.Equal(2026, campaign.Cohort);
        Assert.Null(campaign.ClosedAt);
        var local = TimeZoneInfo.ConvertTimeFromUtc(campaign.Deadline, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Assert.Equal(new DateTime(2026, 12, 12, 23, 59, 59), local);
    }

    [Fact]
    public async Task The_acceptance_accounts_exist_with_their_scopes()
    {
        await factory.WithDbAsync(async db =>
        {
            var s1 = await db.Students.Include(s => s.Class).Include(s => s.College).SingleAsync(s => s.StudentNumber == DemoAccounts.Student1);
            var s2 = await db.Students.SingleAsync(s => s.StudentNumber == DemoAccounts.Student2);
            Assert.Equal("430104200803151230", s1.IdNumber);
            Assert.Equal("43010220071108105X", s2.IdNumber);
            Assert.Equal(s1.ClassId, s2.ClassId);

            var counselor = await db.Users.Include(u => u.Scopes).SingleAsync(u => u.UserName == DemoAccounts.Counselor);
            Assert.Contains(counselor.Scopes, sc => sc.ClassId == s1.ClassId);
            var college = await db.Users.Include(u => u.Scopes).SingleAsync(u => u.UserName == DemoAccounts.College);
            Assert.Contains(college.Scopes, sc => sc.CollegeId == s1.CollegeId);
            Assert.True(await db.Users.AnyAsync(u => u.UserName == DemoAccounts.Registrar));
            // Students are created without a password hash: nothing is hashed per student.
            Assert.Equal(0, await db.Users.CountAsync(u => u.StudentId != null && u.PasswordHash != null && (u.UserName == "2026020010")));
        });
    }

    [Theory]
    [InlineData(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword)]
    [InlineData(DemoAccounts.College, DemoAccounts.CollegePassword)]
    [InlineData(DemoAccounts.Counselor, DemoAccounts.CounselorPassword)]
    [InlineData(DemoAccounts.Admin, DemoAccounts.AdminPassword)]
    public async Task Each_demo_staff_account_signs_in(string user, string password)
    {
        using var client = factory.NewClient();
        var response = await client.SignInStaffAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        var before = await factory.WithDbAsync(db => db.Students.CountAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        Assert.Equal(before, await factory.WithDbAsync(db => db.Students.CountAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Campaigns.CountAsync()));
    }

    [Fact]
    public async Task Healthz_answers_200_when_the_database_is_reachable()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Admin;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Seeding;

namespace RegistryCheck.IntegrationTests.SubCohorts;

/// <summary>
/// A cohort of the test's own (not the demo's 2026, whose campaigns the demo data may change) with students of
/// several intake types, and the registrar's campaign form as a browser posts it.
/// </summary>
public sealed class SubCohortKit(PortalFactory factory)
{
    public const string Upgrade = RegistryCheck.Data.Rules.IntakeTypes.UpgradeToBachelor;

    private DateTimeOffset Now => factory.Clock.GetUtcNow();

    /// <summary>A student with an account and no check yet: the campaigns created next place them.</summary>
    public async Task<TestStudent> AddStudentAsync(int classId, string intakeType) =>
        await factory.WithDbAsync(async db =>
        {
            var cls = await db.Classes.SingleAsync(c => c.Id == classId);
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var builder = new StudentBuilder(cls, now);
            var student = builder.Build();
            student.IntakeType = intakeType;
            db.Students.Add(student);
            db.Users.Add(StudentAccounts.NewAccount(student, now));
            await db.SaveChangesAsync();
            return new TestStudent(student.Id, student.StudentNumber, builder.IdNumber, builder.InitialPassword, cls.Id, cls.CollegeId);
        });

    public async Task<PortalClient> SignInAsync(TestStudent student)
    {
        var client = factory.NewClient();
        await client.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);
        return client;
    }

    public Task<PortalClient> RegistrarAsync() => AdminTestData.StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

    /// <summary>Posts the create form: "every other type" when no types are given, else those types.</summary>
    public Task<HttpResponseMessage> PostCampaignAsync(PortalClient registrar, int cohort, string name, string[]? types = null,
        bool confirmMoves = false, DateTimeOffset? xuexinDeadline = null, DateTimeOffset? xuexinOpensAt = null, TimeSpan? deadlineIn = null)
    {
        var fields = new List<(string, string)>
        {
            ("Cohort", cohort.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Name", name),
            ("OpensAt", AdminTestData.Local(Now.AddMinutes(-5))), ("Deadline", AdminTestData.Local(Now + (deadlineIn ?? TimeSpan.FromDays(14)))),
            ("TargetsRemainingTypes", types is null ? "true" : "false"),
        };
        fields.AddRange((types ?? []).Select(t => ("IntakeTypes", t)));
        if (confirmMoves)
        {
            fields.Add(("ConfirmMoves", "true"));
        }

        if (xuexinDeadline is { } xd)
        {
            fields.Add(("XuexinDeadline", AdminTestData.Local(xd)));
        }

        if (xuexinOpensAt is { } xo)
        {
            fields.Add(("XuexinOpensAt", AdminTestData.Local(xo)));
        }

        return registrar.PostAsync("/campaigns/new", "/campaigns/new", [.. fields]);
    }

    /// <summary>Creates a campaign and returns its id; fails the test when the portal refuses it.</summary>
    public async Task<int> CreateCampaignAsync(PortalClient registrar, int cohort, string name, string[]? types = null,
        bool confirmMoves = false, DateTimeOffset? xuexinDeadline = null, DateTimeOffset? xuexinOpensAt = null)
    {
        var response = await PostCampaignAsync(registrar, cohort, name, types, confirmMoves, xuexinDeadline, xuexinOpensAt);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Cohort == cohort && c.Name == name).Select(c => c.Id).SingleAsync());
    }

    /// <summary>The registrar's "学信网数据已上传" button, with the version shown on the campaign page.</summary>
    public async Task OpenXuexinAsync(PortalClient registrar, int campaignId)
    {
        var version = await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Version).SingleAsync());
        var response = await registrar.PostAsync($"/campaigns/{campaignId}/xuexin-open", $"/campaigns/{campaignId}",
            ("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.XuexinOpenedAt).SingleAsync()));
    }

    public async Task CloseAsync(PortalClient registrar, int campaignId)
    {
        var version = await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Version).SingleAsync());
        var response = await registrar.PostAsync($"/campaigns/{campaignId}/close", $"/campaigns/{campaignId}",
            ("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>The student's 学信网 form as the page posts it; returns the page after the redirect.</summary>
    public static async Task<AngleSharp.Html.Dom.IHtmlDocument> RecordXuexinAsync(PortalClient student, bool infoCorrect, bool photoCorrect, params RecordField[] wrongFields)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("HasAccount", "true"), new("RecordFound", "true"), new("InfoCorrect", infoCorrect ? "true" : "false"), new("PhotoCorrect", photoCorrect ? "true" : "false"),
        };
        fields.AddRange(wrongFields.Select(f => new KeyValuePair<string, string>("WrongFields", f.ToString())));
        var response = await student.PostFormAsync("/me/xuexin", fields, "/me");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (await student.FollowAsync(response)).Page;
    }

    public Task<StudentCheck> OpenCheckAsync(int studentId) =>
        factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().Include(k => k.Campaign)
            .SingleAsync(k => k.StudentId == studentId && k.Campaign.ClosedAt == null));
}

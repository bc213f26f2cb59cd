using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.IntegrationTests.Foundation;

public class StudentIsolationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task One_student_can_never_read_another_students_record_photo_or_evidence()
    {
        var (owner, ownerClient) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        await ownerClient.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("ProposedValue", "回族"), ("Reason", "见户口本")],
            [("Evidence", "hukou.png", DemoPhotoGenerator.Create(3), "image/png")]);
        var evidenceId = await factory.WithDbAsync(db => db.ReportEvidence.Where(e => e.Report.StudentId == owner.Id).Select(e => e.Id).SingleAsync());
        var reportId = await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == owner.Id).Select(r => r.Id).SingleAsync());

        var (_, intruder) = await TestStudents.SignedInAsync(factory);

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.GetAsync($"/me/evidence/{evidenceId}")).StatusCode);
        var withdraw = await intruder.PostFormAsync($"/me/reports/{reportId}/withdraw");
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        var (_, page) = await intruder.GetPageAsync("/me");
        Assert.DoesNotContain(owner.IdNumber, page.Body!.TextContent);
        Assert.DoesNotContain(owner.StudentNumber, page.Body!.TextContent);
        // The intruder has no photo: /me/photo never falls back to someone else's.
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.GetAsync("/me/photo")).StatusCode);
        Assert.Equal(RegistryCheck.Data.Entities.ReportStatus.Submitted, await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == reportId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_get_no_files()
    {
        using var client = factory.NewClient();
        foreach (var url in new[] { "/me", "/me/photo", "/me/evidence/1", "/me/report?field=Name" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Staff_cannot_use_the_student_pages()
    {
        using var client = factory.NewClient();
        await client.SignInStaffAsync(DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var response = await client.Http.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var response = await client.Http.PostAsync("/me/confirm", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.ConfirmedAt).SingleAsync()));
    }
}

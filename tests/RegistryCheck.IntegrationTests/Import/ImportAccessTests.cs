using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Import;

public class ImportAccessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static TheoryData<string> Callers => ["counselor", "college", "admin", "student", "anonymous"];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Only_the_registrar_can_reach_any_import_action_and_nothing_is_stored_for_anyone_else(string caller)
    {
        // A job waiting for the registrar's confirmation, which the others must neither see nor commit.
        int jobId;
        using (var registrar = await ImportKit.RegistrarAsync(factory))
        {
            jobId = (await ImportKit.UploadAndPreviewAsync(factory, registrar, ImportKit.Utf8(ImportKit.Csv([ImportKit.Row()])))).Id;
        }

        using var client = factory.NewClient();
        var tokenPage = "/account/sign-in";
        switch (caller)
        {
            case "counselor":
                await client.SignInStaffAsync(DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
                tokenPage = "/staff";
                break;
            case "college":
                await client.SignInStaffAsync(DemoAccounts.College, DemoAccounts.CollegePassword);
                tokenPage = "/staff";
                break;
            case "admin":
                await client.SignInStaffAsync(DemoAccounts.Admin, DemoAccounts.AdminPassword);
                tokenPage = "/staff";
                break;
            case "student":
                var student = await TestStudents.AddAsync(factory);
                await client.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword);
                tokenPage = "/me";
                break;
        }

        var jobsBefore = await factory.WithDbAsync(db => db.ImportJobs.CountAsync());
        var responses = new List<HttpResponseMessage>
        {
            await client.Http.GetAsync("/import"),
            await client.Http.GetAsync("/import/template"),
            await client.Http.GetAsync($"/import/{jobId}"),
            await client.Http.GetAsync($"/import/{jobId}/progress"),
            await client.PostMultipartAsync("/import/roster", tokenPage, [], [("file", "r.csv", ImportKit.Utf8(ImportKit.Csv([ImportKit.Row()])), "text/csv")]),
            await client.PostMultipartAsync("/import/photos", tokenPage, [("matchBy", "ExamNumber")], [("file", "p.zip", PhotoImportTests.Zip(("1.jpg", [1])), "application/zip")]),
            await client.PostFormAsync($"/import/{jobId}/commit", [], tokenPage),
            await client.PostFormAsync($"/import/{jobId}/cancel", [], tokenPage),
        };

        foreach (var r in responses)
        {
            var location = r.Headers.Location is { } l ? new Uri(new Uri("https://localhost"), l).AbsolutePath : "";
            Assert.True(
                r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || (r.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/account/", StringComparison.Ordinal)),
                $"{caller}: {r.RequestMessage!.Method} {r.RequestMessage.RequestUri} gave {(int)r.StatusCode} {location}");
        }

        Assert.Equal(jobsBefore, await factory.WithDbAsync(db => db.ImportJobs.CountAsync()));
        Assert.Equal(ImportStatus.Previewed, await factory.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync()));
        if (caller != "anonymous")
        {
            var (_, hub) = await client.GetPageAsync(caller == "student" ? "/me" : "/staff");
            Assert.Null(hub.QuerySelector("a[href='/import']"));
        }
    }
}

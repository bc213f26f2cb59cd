using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Foundation;

/// <summary>Each test moves the clock past the deadline, so each gets its own portal.</summary>
public class DeadlineTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task After_the_deadline_the_page_says_so_and_confirming_is_refused()
    {
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        _factory.Clock.Advance(TimeSpan.FromDays(15));
        // Fifteen days outlive the sign-in cookie: sign in again, as the student would.
        await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");

        var (_, page) = await client.GetPageAsync("/me");
        Assert.Contains("核对已截止", page.QuerySelector(".status")!.TextContent);
        Assert.Null(page.QuerySelector("form[action='/me/confirm']"));
        Assert.Null(page.QuerySelector("a.report-link"));

        var (_, after) = await client.FollowAsync(await client.PostFormAsync("/me/confirm"));
        Assert.Contains("核对已截止", after.QuerySelector(".flash")!.TextContent);
        Assert.Null(await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.ConfirmedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_report_that_arrives_after_the_deadline_is_kept_and_marked_late()
    {
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        // The form is opened a minute before the deadline and sent two minutes later.
        _factory.Clock.Advance(new TimeSpan(14, 13, 58, 0));
        await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");
        var token = await client.TokenFromAsync("/me/report?field=Ethnicity");
        _factory.Clock.Advance(TimeSpan.FromMinutes(3));

        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Ethnicity"), "Field" },
            { new StringContent("Correction"), "Kind" },
            { new StringContent("苗族"), "ProposedValue" },
            { new StringContent("户口本为苗族"), "Reason" },
        };
        await client.Http.PostAsync("/me/report", content);

        var report = await _factory.WithDbAsync(db => db.Reports.SingleAsync(r => r.StudentId == student.Id));
        Assert.True(report.IsLate);
        Assert.Equal(ReportStatus.Submitted, report.Status);
    }

    [Fact]
    public async Task A_deadline_extended_for_one_student_reopens_that_students_actions_only()
    {
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        var (otherStudent, other) = await TestStudents.SignedInAsync(_factory);
        _factory.Clock.Advance(TimeSpan.FromDays(15));
        await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");
        await other.SignInStudentAsync(otherStudent.StudentNumber, "MyOwnPass2026");
        await _factory.WithDbAsync(async db =>
        {
            var check = await db.StudentChecks.SingleAsync(c => c.StudentId == student.Id);
            check.DeadlineOverride = _factory.Clock.GetUtcNow().UtcDateTime.AddDays(3);
            await db.SaveChangesAsync();
        });

        await client.GetPageAsync("/me");
        await client.PostFormAsync("/me/confirm");
        await other.GetPageAsync("/me");
        await other.PostFormAsync("/me/confirm");

        Assert.Equal(CheckState.Confirmed, await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.State).SingleAsync()));
        Assert.Equal(CheckState.Viewed, await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == otherStudent.Id).Select(c => c.State).SingleAsync()));
        var (_, page) = await client.GetPageAsync("/me");
        Assert.Contains("已为您延期", page.QuerySelector(".deadline")!.TextContent);
        var (_, otherPage) = await other.GetPageAsync("/me");
        Assert.Contains("核对已截止", otherPage.QuerySelector(".status")!.TextContent);
    }

    public void Dispose() => _factory.Dispose();
}

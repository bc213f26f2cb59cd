using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>A counselor sees only the assigned classes, a college administrator only the college, everywhere.</summary>
public class TrackingScopeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Counselor2_sees_only_the_information_classes_and_economics_ids_in_urls_get_an_audited_404()
    {
        var econ1 = await ClassIdAsync(factory, Econ1);
        var econ = await CollegeIdAsync(factory, EconCollege);
        var info = await CollegeIdAsync(factory, InfoCollege);
        var cs1 = await ClassIdAsync(factory, Cs1);
        var student = await TestStudents.AddAsync(factory, Econ1, withPhoto: true);
        var stampBefore = await factory.WithDbAsync(db => db.Users.Where(u => u.StudentId == student.Id).Select(u => u.SecurityStamp).SingleAsync());
        using var counselor2 = await StaffAsync(factory, DemoAccounts.Counselor2, DemoAccounts.Counselor2Password);

        var (_, page) = await counselor2.GetPageAsync("/tracking");
        Assert.True(HasRow(page, $"class-{cs1}"));
        Assert.False(HasRow(page, $"class-{econ1}"));
        Assert.DoesNotContain("经济学", page.Body!.TextContent);

        foreach (var url in new[]
                 {
                     $"/tracking/classes/{econ1}", $"/tracking/classes/{econ1}/export", $"/tracking/classes/{econ1}/export?state=NotViewed",
                     $"/tracking/colleges/{econ}", $"/tracking/colleges/{econ}/export", $"/tracking/colleges/{info}",
                     $"/tracking/students/{student.Id}", $"/tracking/students/{student.Id}/photo",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await counselor2.Http.GetAsync(url)).StatusCode);
        }

        foreach (var url in new[]
                 {
                     $"/tracking/classes/{econ1}/nudge", $"/tracking/colleges/{econ}/nudge", $"/tracking/students/{student.Id}/nudge",
                     $"/tracking/students/{student.Id}/reset-password", $"/tracking/students/{student.Id}/exempt",
                     $"/tracking/students/{student.Id}/unexempt",
                 })
        {
            var response = await counselor2.PostFormAsync(url, [new("Channel", "Phone"), new("Kind", "Preparatory")], "/tracking");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.True(await DeniedAuditsAsync(factory, "class", econ1) >= 4);
        Assert.True(await DeniedAuditsAsync(factory, "college", econ) >= 3);
        Assert.True(await DeniedAuditsAsync(factory, "student", student.Id) >= 6);
        var check = await factory.WithDbAsync(db => db.StudentChecks.SingleAsync(c => c.StudentId == student.Id));
        Assert.Null(check.LastNudgeAt);
        Assert.False(check.IsExempt);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Nudges.CountAsync(n => n.StudentCheckId == check.Id)));
        Assert.Equal(stampBefore, await factory.WithDbAsync(db => db.Users.Where(u => u.StudentId == student.Id).Select(u => u.SecurityStamp).SingleAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "export" && a.TargetId == econ1.ToString())));
    }

    [Fact]
    public async Task College2_cannot_see_the_economics_college_in_any_page_list_or_export()
    {
        var econ = await CollegeIdAsync(factory, EconCollege);
        var info = await CollegeIdAsync(factory, InfoCollege);
        var econ2 = await ClassIdAsync(factory, Econ2);
        var studentId = await StudentIdAsync(factory, "2026010012");
        using var college2 = await StaffAsync(factory, DemoAccounts.College2, DemoAccounts.College2Password);

        var (_, page) = await college2.GetPageAsync("/tracking");
        Assert.True(HasRow(page, $"college-{info}"));
        Assert.False(HasRow(page, $"college-{econ}"));
        Assert.False(HasRow(page, $"class-{econ2}"));
        var (_, own) = await college2.GetPageAsync($"/tracking/colleges/{info}");
        Assert.All(Numbers(own), n => Assert.StartsWith("202602", n));

        foreach (var url in new[]
                 {
                     $"/tracking/colleges/{econ}", $"/tracking/colleges/{econ}/export", $"/tracking/classes/{econ2}",
                     $"/tracking/classes/{econ2}/export", $"/tracking/students/{studentId}", $"/tracking/students/{studentId}/photo",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await college2.Http.GetAsync(url)).StatusCode);
        }

        Assert.True(await DeniedAuditsAsync(factory, "college", econ) >= 2);
        Assert.True(await DeniedAuditsAsync(factory, "student", studentId) >= 2);

        // Its own export holds its own students only.
        var export = await college2.Http.GetAsync($"/tracking/colleges/{info}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var book = new XLWorkbook(await export.Content.ReadAsStreamAsync());
        var numbers = book.Worksheet(1).RowsUsed().Skip(2).Select(r => r.Cell(1).GetString()).ToList();
        Assert.NotEmpty(numbers);
        Assert.All(numbers, n => Assert.StartsWith("202602", n));
    }

    [Fact]
    public async Task A_counselor_has_no_college_page_even_for_the_college_of_the_assigned_classes()
    {
        var econ = await CollegeIdAsync(factory, EconCollege);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await counselor.Http.GetAsync($"/tracking/colleges/{econ}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await counselor.Http.GetAsync($"/tracking/colleges/{econ}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await counselor.Http.GetAsync("/tracking/classes/999999")).StatusCode);
    }

    [Fact]
    public async Task Students_and_the_administrator_cannot_open_the_tracking_pages()
    {
        var (_, student) = await TestStudents.SignedInAsync(factory);
        var response = await student.Http.GetAsync("/tracking");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath);

        using var admin = await StaffAsync(factory, DemoAccounts.Admin, DemoAccounts.AdminPassword);
        response = await admin.Http.GetAsync("/tracking");
        Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath);

        using var anonymous = factory.NewClient();
        response = await anonymous.Http.GetAsync("/tracking/classes/1/export");
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_record_page_is_audited_and_shows_the_full_ID_number_to_the_registrar_only()
    {
        var student = await TestStudents.AddAsync(factory, Econ1, withPhoto: true);
        var masked = student.IdNumber[..6] + new string('*', 12);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        using var college = await StaffAsync(factory, DemoAccounts.College, DemoAccounts.CollegePassword);
        using var registrar = await StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        foreach (var staff in new[] { counselor, college })
        {
            var (response, page) = await staff.GetPageAsync($"/tracking/students/{student.Id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(masked, page.QuerySelector("[data-field=IdNumber] .value")!.TextContent.Trim());
            Assert.DoesNotContain(student.IdNumber, page.Body!.OuterHtml);
        }

        var (_, full) = await registrar.GetPageAsync($"/tracking/students/{student.Id}");
        Assert.Equal(student.IdNumber, full.QuerySelector("[data-field=IdNumber] .value")!.TextContent.Trim());
        Assert.Equal(3, await factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "student-record-viewed" && a.TargetId == student.Id.ToString())));

        var photo = await counselor.Http.GetAsync($"/tracking/students/{student.Id}/photo");
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
        Assert.True(photo.Headers.CacheControl!.NoStore);
    }
}

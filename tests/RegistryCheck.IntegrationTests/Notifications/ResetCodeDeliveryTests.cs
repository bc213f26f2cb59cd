using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Tracking;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>
/// A counselor's reset (issue 17): the one-time code goes only to contact details the student entered, and then the
/// counselor does not see it; otherwise it is shown once as before.
/// </summary>
public sealed class ResetCodeDeliveryTests
{
    [Fact]
    public async Task The_code_goes_to_the_email_the_student_entered_the_counselor_never_sees_it_and_the_outbox_keeps_no_copy()
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings()));
        var (student, _) = await TestStudents.SignedInAsync(portal, TrackingKit.Econ1);
        await SetEmailAsync(portal, student.Id, "own.address@stu.example.edu.cn", byStudent: true);
        var counselor = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var page = await ResetAsync(counselor, student.Id);
        Assert.Null(page.QuerySelector("code.reset-code"));
        Assert.Contains("o***@stu.example.edu.cn", page.QuerySelector("#code-sent")?.TextContent);

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(["own.address@stu.example.edu.cn"], mail.To);
        var code = Regex.Match(Assert.IsType<TextPart>(mail.Message.Body).Text, "[0-9]{8}").Value;
        Assert.Matches("^[0-9]{8}$", code);
        Assert.DoesNotContain(code, page.DocumentElement.OuterHtml);

        using var signIn = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await signIn.SignInStudentAsync(student.StudentNumber, code)).StatusCode);
        for (var i = 0; i < 50 && !await portal.WithDbAsync(db => db.Outbox.AnyAsync(m => m.State == OutboxState.Sent)); i++)
        {
            await Task.Delay(100);
        }

        var row = await portal.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.StudentId == student.Id));
        Assert.Equal((MessageKind.PasswordReset, OutboxState.Sent), (row.Kind, row.State));
        Assert.DoesNotContain(code, row.Body);
        Assert.DoesNotContain(code, row.ValuesJson ?? "");
    }

    [Fact]
    public async Task A_roster_address_does_not_get_the_code_and_the_counselor_is_shown_it_once()
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings()));
        var (student, _) = await TestStudents.SignedInAsync(portal, TrackingKit.Econ1);
        await SetEmailAsync(portal, student.Id, "roster.address@stu.example.edu.cn", byStudent: false);
        var counselor = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var page = await ResetAsync(counselor, student.Id);
        Assert.Matches("^[0-9]{8}$", page.QuerySelector("code.reset-code")?.TextContent.Trim() ?? "");
        Assert.Null(page.QuerySelector("#code-sent"));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Outbox.CountAsync()));
        await Task.Delay(500);
        Assert.Empty(smtp.Received());
    }

    private static Task SetEmailAsync(PortalFactory portal, int studentId, string email, bool byStudent) =>
        portal.WithDbAsync(async db =>
        {
            var s = await db.Students.SingleAsync(x => x.Id == studentId);
            s.Email = email;
            s.EmailByStudentAt = byStudent ? portal.Clock.GetUtcNow().UtcDateTime : null;
            await db.SaveChangesAsync();
        });

    private static async Task<AngleSharp.Dom.IDocument> ResetAsync(PortalClient counselor, int studentId)
    {
        var detail = $"/tracking/students/{studentId}";
        var response = await counselor.PostFormAsync($"{detail}/reset-password", [], detail);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}

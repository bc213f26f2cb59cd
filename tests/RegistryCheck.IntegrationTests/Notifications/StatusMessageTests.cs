using Microsoft.EntityFrameworkCore;
using MimeKit;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>Status changes reach the student (issue 17): a returned report, in the language the student picked.</summary>
public sealed class StatusMessageTests
{
    [Fact]
    public async Task A_returned_report_reaches_its_student_in_the_language_of_the_account_without_a_full_id_number()
    {
        using var smtp = SmtpTestServer.Start();
        using var portal = new NotifyingPortal(NotifyingPortal.With(smtp.Settings()));
        var steps = new CorrectionSteps(portal);
        var (student, client) = await TestStudents.SignedInAsync(portal);
        await portal.WithDbAsync(async db =>
        {
            var s = await db.Students.SingleAsync(x => x.Id == student.Id);
            s.Email = "li.xin@stu.example.edu.cn";
            await db.SaveChangesAsync();
        });
        // The student picks English: kept on the account, not only in the cookie.
        await client.PostFormAsync("/account/language", [new("culture", "en"), new("returnUrl", "/me")], "/me");
        Assert.Equal("en", await portal.WithDbAsync(db => db.Users.Where(u => u.StudentId == student.Id).Select(u => u.Language).SingleAsync()));

        var reportId = await steps.ReportAsync(client, student.Id, RecordField.PoliticalStatus, "中共党员", "入党了");
        var counselor = await steps.CounselorAsync();
        await steps.ReviewAsync(counselor, reportId, "return", "请上传入党证明，证件号 430104200803151230 不用写");

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(["li.xin@stu.example.edu.cn"], mail.To);
        Assert.Equal("Your correction request needs more information", mail.Message.Subject);
        var text = Assert.IsType<TextPart>(mail.Message.Body).Text;
        Assert.Contains("returned for more information: 请上传入党证明", text);
        Assert.Contains("https://xjhd.example.edu.cn/", text);
        Assert.DoesNotContain("430104200803151230", text);
        Assert.Contains("**************1230", text);
        var row = await portal.WithDbAsync(db => db.Outbox.SingleAsync(m => m.StudentId == student.Id));
        Assert.Equal((MessageKind.ReportReturned, "en"), (row.Kind, row.Language));
    }

    [Fact]
    public async Task With_no_channel_configured_a_decision_writes_no_message_and_the_send_page_says_nothing_is_configured()
    {
        using var portal = new NotifyingPortal(new Dictionary<string, string?>());
        var steps = new CorrectionSteps(portal);
        var (student, client) = await TestStudents.SignedInAsync(portal);
        var reportId = await steps.ReportAsync(client, student.Id, RecordField.PoliticalStatus, "中共党员", "入党了");
        var counselor = await steps.CounselorAsync();
        await steps.ReviewAsync(counselor, reportId, "return", "请上传入党证明");
        Assert.Equal(0, await portal.WithDbAsync(db => db.Outbox.CountAsync()));

        var classId = await portal.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.ClassId).SingleAsync());
        var (_, plan) = await counselor.GetPageAsync($"/tracking/classes/{classId}/message");
        Assert.NotNull(plan.QuerySelector("#no-channel"));
        Assert.Null(plan.QuerySelector("#send-form"));
        var (_, notifications) = await (await steps.RegistrarAsync()).GetPageAsync("/notifications");
        Assert.NotNull(notifications.QuerySelector("#no-channel"));
    }
}

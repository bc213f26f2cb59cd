using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.IntegrationTests.Notifications;
using RegistryCheck.IntegrationTests.Tracking;
using RegistryCheck.Web.Features.Students;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>The roster's 电子邮箱 and 企业微信账号 columns reach the student, and the nudges use them (issue 17).</summary>
public sealed class RosterContactImportTests
{
    [Fact]
    public async Task Roster_contacts_are_imported_used_by_email_and_WeCom_nudges_and_a_student_entered_email_survives_a_reimport()
    {
        using var smtp = SmtpTestServer.Start();
        await using var wecom = WeComStandIn.Start("wx.import-b");
        var channels = new Dictionary<string, string?>(smtp.Settings());
        foreach (var (key, value) in wecom.Settings(studentNumberIsUserId: false))
        {
            channels[key] = value;
        }

        using var portal = new NotifyingPortal(NotifyingPortal.With(channels));
        wecom.UseClock(portal.Clock);
        var registrar = await ImportKit.RegistrarAsync(portal);
        string[] headers = [.. ImportKit.Headers, "电子邮箱", "企业微信账号"];
        var (a, b, bad) = (ImportKit.Row(), ImportKit.Row(female: true), ImportKit.Row());
        (a["电子邮箱"], a["企业微信账号"]) = ("Import.A@Stu.Example.EDU.cn", "");
        (b["电子邮箱"], b["企业微信账号"]) = ("import.b@stu.example.edu.cn", "wx.import-b");
        (bad["电子邮箱"], bad["企业微信账号"]) = ("张三 <z@e.cn>", "企业微信号");

        var job = await ImportKit.UploadAndPreviewAsync(portal, registrar, Xlsx.Build(headers, [a, b, bad]), "roster.xlsx");
        Assert.Equal((ImportStatus.Previewed, 2, 1), (job.Status, job.NewCount, job.RejectedCount));
        var problems = (await ImportKit.RejectedRowsAsync(registrar, job.Id))[4];
        Assert.Contains("“电子邮箱”中的“张三 <z@e.cn>”不是有效的电子邮箱地址", problems);
        Assert.Contains("“企业微信账号”中的“企业微信号”不是有效的企业微信账号", problems);
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(portal, registrar, job.Id)).Status);
        var (stored, storedB) = (await StudentAsync(portal, a["学号"]), await StudentAsync(portal, b["学号"]));
        Assert.Equal(("Import.A@stu.example.edu.cn", null, null), (stored.Email, stored.WeComUserId, stored.EmailByStudentAt));
        Assert.Equal(("import.b@stu.example.edu.cn", "wx.import-b"), (storedB.Email, storedB.WeComUserId));

        // The counselor's e-mail nudge reaches the roster address, the WeCom nudge the roster's WeCom id.
        var counselor = await TrackingKit.StaffAsync(portal, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        await NudgeAsync(portal, counselor, stored.Id, "Email");
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(["Import.A@stu.example.edu.cn"], mail.To);
        await NudgeAsync(portal, counselor, storedB.Id, "WeCom");
        var delivery = Assert.Single(await WaitForAsync(wecom, 1));
        Assert.Equal("wx.import-b", delivery.ToUser);
        Assert.Contains(b["姓名"] + "同学", delivery.Content);

        // The student enters an own address; a re-import (other header spellings) keeps it, updates the WeCom id,
        // and an empty cell erases nothing.
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ChangeContactHandler>()
                .HandleAsync(stored.Id, new ContactForm { Phone = a["联系电话"], Email = "own.a@example.com" }, CancellationToken.None);
            Assert.True(outcome.Changed);
        }

        string[] again = [.. ImportKit.Headers, "E-MAIL", "wecomuserid"];
        (a["E-MAIL"], a["wecomuserid"]) = ("roster.a@stu.example.edu.cn", "wx.import-a");
        (b["E-MAIL"], b["wecomuserid"]) = ("", "wx.import-b2");
        var second = await ImportKit.UploadAndPreviewAsync(portal, registrar, Xlsx.Build(again, [a, b]), "roster.xlsx");
        Assert.Equal((ImportStatus.Previewed, 0, 2), (second.Status, second.NewCount, second.UpdatedCount));
        var (_, preview) = await registrar.GetPageAsync($"/import/{second.Id}");
        Assert.StartsWith("1 名学生已自行填写电子邮箱，将保留学生填写的", preview.QuerySelector("#emails-kept")?.TextContent.Trim());
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(portal, registrar, second.Id)).Status);
        (stored, storedB) = (await StudentAsync(portal, a["学号"]), await StudentAsync(portal, b["学号"]));
        Assert.Equal(("own.a@example.com", "wx.import-a"), (stored.Email, stored.WeComUserId));
        Assert.Equal(("import.b@stu.example.edu.cn", "wx.import-b2"), (storedB.Email, storedB.WeComUserId));
    }

    [Fact]
    public async Task A_chsi_coded_roster_with_an_email_column_is_still_read_as_written_in_codes()
    {
        using var portal = new PortalFactory();
        var registrar = await ImportKit.RegistrarAsync(portal);
        var row = ImportKit.Row();
        var coded = new Dictionary<string, string>
        {
            ["XH"] = row["学号"], ["XM"] = row["姓名"], ["SFZH"] = row["证件号码"], ["MZ"] = row["民族"], ["FY"] = row["学院"],
            ["ZYMC"] = row["专业"], ["BH"] = row["班级"], ["RXRQ"] = row["入学日期"], ["Email"] = "coded@stu.example.edu.cn",
        };
        var job = await ImportKit.UploadAndPreviewAsync(portal, registrar, ImportKit.Utf8(ImportKit.Csv([coded], [.. coded.Keys])));
        Assert.Equal((ImportStatus.Previewed, 1), (job.Status, job.NewCount));
        Assert.Equal(ImportStatus.Completed, (await ImportKit.CommitAsync(portal, registrar, job.Id)).Status);
        Assert.Equal("coded@stu.example.edu.cn", (await StudentAsync(portal, row["学号"])).Email);
        var result = RegistryCheck.Web.Features.Import.ImportResult.Read(job.ResultJson);
        Assert.Equal(RegistryCheck.Web.Features.Import.HeaderConvention.ChsiCodes, result.Convention);
    }

    private static Task<Student> StudentAsync(PortalFactory portal, string number) =>
        portal.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == number));

    private static async Task NudgeAsync(PortalFactory portal, PortalClient counselor, int studentId, string channel)
    {
        var classId = await TrackingKit.ClassIdAsync(portal, TrackingKit.Econ1);
        var planUrl = $"/tracking/classes/{classId}/message?s={studentId}";
        var (_, plan) = await counselor.GetPageAsync(planUrl);
        Assert.Equal("1", plan.QuerySelector($"tr[data-channel={channel}] td.reachable")?.TextContent.Trim());
        var action = plan.QuerySelector("#send-form")!.GetAttribute("action")!;
        var sent = await counselor.PostFormAsync(action, [new("Channel", channel), new("S", studentId.ToString())], planUrl);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
    }

    private static async Task<IReadOnlyList<WeComDelivery>> WaitForAsync(WeComStandIn wecom, int count)
    {
        for (var i = 0; i < 150 && wecom.Delivered.Count < count; i++)
        {
            await Task.Delay(100);
        }

        return wecom.Delivered;
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.IntegrationTests.Foundation;

public class StudentRecordTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly byte[] Png = DemoPhotoGenerator.Create(7);

    private Task<StudentCheck> CheckOf(int studentId) =>
        factory.WithDbAsync(db => db.StudentChecks.AsNoTracking().SingleAsync(c => c.StudentId == studentId));

    [Fact]
    public async Task Showing_the_record_page_records_Viewed_in_the_same_request()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        Assert.Equal(CheckState.NotViewed, (await CheckOf(student.Id)).State);

        var (response, page) = await client.GetPageAsync("/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await CheckOf(student.Id);
        Assert.Equal(CheckState.Viewed, check.State);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, check.FirstViewedAt);
        Assert.Contains(student.IdNumber, page.Body!.TextContent);
        Assert.Contains("已查看未确认", page.QuerySelector(".state")!.TextContent);
        Assert.Contains("还剩 14 天", page.QuerySelector(".deadline")!.TextContent);
        Assert.NotNull(page.QuerySelector("img.photo[src='/me/photo']"));
    }

    [Fact]
    public async Task A_student_without_a_check_in_the_current_campaign_gets_one_on_the_first_view()
    {
        // A student added after the campaign opened: the page's one-query path finds no check and the general path
        // creates it, Viewed, in the same request.
        var (student, client) = await TestStudents.SignedInAsync(factory);
        await factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).ExecuteDeleteAsync());

        var (response, page) = await client.GetPageAsync("/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CheckState.Viewed, (await CheckOf(student.Id)).State);
        Assert.Contains("已查看未确认", page.QuerySelector(".state")!.TextContent);
        Assert.Contains("还剩 14 天", page.QuerySelector(".deadline")!.TextContent);
    }

    [Fact]
    public async Task The_photo_is_served_to_its_owner_with_no_store()
    {
        var (_, client) = await TestStudents.SignedInAsync(factory, withPhoto: true);
        var response = await client.Http.GetAsync("/me/photo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.True(UploadInspector.Inspect(await response.Content.ReadAsByteArrayAsync(), UploadKind.AdmissionPhoto).IsValid);
    }

    [Fact]
    public async Task Confirming_records_Confirmed_with_its_time()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        await client.GetPageAsync("/me");
        factory.Clock.Advance(TimeSpan.FromMinutes(2));

        var (_, page) = await client.FollowAsync(await client.PostFormAsync("/me/confirm"));

        var check = await CheckOf(student.Id);
        Assert.Equal(CheckState.Confirmed, check.State);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, check.ConfirmedAt);
        Assert.Contains("已确认信息无误", page.QuerySelector(".flash")!.TextContent);
    }

    [Fact]
    public async Task A_report_with_an_evidence_file_is_stored_and_listed_with_its_status()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("ProposedValue", "土家族"), ("Reason", "户口本上为土家族")],
            [("Evidence", "户口本.png", Png, "image/png")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var report = await factory.WithDbAsync(db => db.Reports.Include(r => r.Evidence).Include(r => r.History).SingleAsync(r => r.StudentId == student.Id));
        Assert.Equal(RecordField.Ethnicity, report.Field);
        Assert.Equal("汉族", report.ShownValue);
        Assert.Equal("土家族", report.ProposedValue);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.False(report.NeedsProvincialApproval);
        var evidence = Assert.Single(report.Evidence);
        Assert.Equal("image/png", evidence.ContentType);
        Assert.Equal("户口本.png", evidence.FileName);
        Assert.Single(report.History);
        Assert.Equal(CheckState.Reported, (await CheckOf(student.Id)).State);

        var (_, page) = await client.GetPageAsync("/me");
        var card = page.QuerySelector("#reports .report")!;
        Assert.Contains("已提交，待辅导员核实", card.TextContent);
        Assert.Contains("土家族", card.TextContent);
        var link = card.QuerySelector(".files a")!.GetAttribute("href")!;
        var file = await client.Http.GetAsync(link);
        Assert.Equal(Png, await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_refused_as_evidence_and_nothing_is_stored()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=Name",
            [("Field", "Name"), ("Kind", "Correction"), ("ProposedValue", "张三"), ("Reason", "录错")],
            [("Evidence", "id.jpg", "not an image"u8.ToArray(), "image/jpeg")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("不是有效的 JPG、PNG 或 PDF 文件", page);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));
    }

    [Fact]
    public async Task Confirming_with_an_open_report_is_refused_with_a_clear_message()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        await client.PostMultipartAsync("/me/report", "/me/report?field=PoliticalStatus",
            [("Field", "PoliticalStatus"), ("Kind", "Correction"), ("ProposedValue", "中共预备党员"), ("Reason", "已入党")], []);

        var (_, page) = await client.FollowAsync(await client.PostFormAsync("/me/confirm"));

        Assert.Contains("不能确认信息无误", page.QuerySelector(".flash")!.TextContent);
        var check = await CheckOf(student.Id);
        Assert.Null(check.ConfirmedAt);
        Assert.Equal(CheckState.Reported, check.State);
    }

    [Fact]
    public async Task Withdrawing_a_report_keeps_it_in_history_and_returns_the_state_to_viewed()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        await client.GetPageAsync("/me");
        await client.PostMultipartAsync("/me/report", "/me/report?field=PoliticalStatus",
            [("Field", "PoliticalStatus"), ("Kind", "Correction"), ("ProposedValue", "共青团员"), ("Reason", "录入有误")], []);
        var id = await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == student.Id).Select(r => r.Id).SingleAsync());

        await client.PostFormAsync($"/me/reports/{id}/withdraw");

        var report = await factory.WithDbAsync(db => db.Reports.Include(r => r.History).SingleAsync(r => r.Id == id));
        Assert.Equal(ReportStatus.Withdrawn, report.Status);
        Assert.Equal(2, report.History.Count);
        Assert.Equal(CheckState.Viewed, (await CheckOf(student.Id)).State);
    }

    [Fact]
    public async Task A_name_report_in_traditional_characters_is_pointed_out_before_it_is_stored()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var first = await client.PostMultipartAsync("/me/report", "/me/report?field=Name",
            [("Field", "Name"), ("Kind", "Correction"), ("ProposedValue", "張 三"), ("Reason", "名字错了")], []);
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains("繁体字", html);
        Assert.Contains("空格", html);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));

        await client.PostMultipartAsync("/me/report", "/me/report?field=Name",
            [("Field", "Name"), ("Kind", "Correction"), ("ProposedValue", "張 三"), ("Reason", "名字错了"), ("AcknowledgedHints", "true")],
            [("Evidence", "户口本.png", Png, "image/png")]);
        var stored = await factory.WithDbAsync(db => db.Reports.SingleAsync(r => r.StudentId == student.Id));
        Assert.Equal("張三", stored.ProposedValue);
        Assert.True(stored.NeedsProvincialApproval);
    }

    [Fact]
    public async Task An_invalid_ID_number_in_a_report_is_refused_with_the_reason()
    {
        var (_, client) = await TestStudents.SignedInAsync(factory);
        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=IdNumber",
            [("Field", "IdNumber"), ("Kind", "Correction"), ("ProposedValue", "430104200803151231"), ("Reason", "错了")], []);
        Assert.Contains("校验位不正确", await response.Content.ReadAsStringAsync());
    }
}

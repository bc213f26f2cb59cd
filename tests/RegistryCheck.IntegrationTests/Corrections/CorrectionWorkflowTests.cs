using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Files;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>
/// The correction workflow across the roles, over HTTP with the demo staff accounts. Tests in this class run one
/// after another on one database; each submits only its own reports and leaves no draft behind.
/// </summary>
public class CorrectionWorkflowTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    [Fact]
    public async Task Done_means_a_wrong_ethnicity_reported_by_a_demo_student_ends_corrected_on_the_students_page()
    {
        var student = factory.NewClient();
        await student.SignInStudentWithOwnPasswordAsync(DemoAccounts.Student1, DemoAccounts.Student1Initial);
        var demo = await factory.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == DemoAccounts.Student1));
        var proposed = demo.Ethnicity == "回族" ? "满族" : "回族";

        // The student reports a wrong 民族.
        var reportId = await _steps.ReportAsync(student, demo.Id, RecordField.Ethnicity, proposed, "户口本上的民族与此不符");

        // The counselor sees it first in the list, with the record's current value, and verifies it.
        var counselor = await _steps.CounselorAsync();
        var (_, counselorHub) = await counselor.GetPageAsync("/staff");
        Assert.NotNull(counselorHub.QuerySelector("a[href='/corrections']"));
        Assert.Null(counselorHub.QuerySelector("a[href='/batches']"));
        var (_, queue) = await counselor.GetPageAsync("/corrections");
        var row = queue.QuerySelector($"tr[data-report='{reportId}']")!;
        Assert.Contains(demo.Ethnicity, row.TextContent);
        Assert.Contains(proposed, row.TextContent);
        var verified = await _steps.ReviewAsync(counselor, reportId, "verify", "已核对户口本");
        Assert.Contains("已核实", CorrectionSteps.Flash(verified));

        // The college submits its batch.
        var college = await _steps.CollegeAsync();
        var batchId = await _steps.SubmitBatchAsync(college, reportId);
        Assert.Equal(ReportStatus.InBatch, (await _steps.ReportRowAsync(reportId)).Status);

        // The registrar finds it among the colleges' batches and exports it: the workbook opens and the ID numbers are intact text cells.
        var registrar = await _steps.RegistrarAsync();
        var (_, hub) = await registrar.GetPageAsync("/staff");
        Assert.NotNull(hub.QuerySelector("a[href='/batches']"));
        Assert.Null(hub.QuerySelector("a[href='/corrections']"));
        var (_, batches) = await registrar.GetPageAsync("/batches");
        Assert.Contains("经济学院", batches.QuerySelector($"tr[data-batch='{batchId}']")!.TextContent);
        var export = await registrar.Http.GetAsync($"/batches/{batchId}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("no-store", export.Headers.CacheControl!.ToString());
        using (var workbook = new XLWorkbook(new MemoryStream(await export.Content.ReadAsByteArrayAsync())))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal("经济学院", sheet.Name);
            var data = sheet.Row(4);
            Assert.Equal(XLDataType.Text, data.Cell(5).DataType);
            Assert.Equal(demo.IdNumber, data.Cell(5).GetString());
            Assert.Equal(XLDataType.Text, data.Cell(2).DataType);
            Assert.Equal(DemoAccounts.Student1, data.Cell(2).GetString());
            Assert.Equal("民族", data.Cell(7).GetString());
            Assert.Equal(demo.Ethnicity, data.Cell(8).GetString());
            Assert.Equal(proposed, data.Cell(9).GetString());
            Assert.Equal("已核对户口本", data.Cell(12).GetString());
        }

        // The registrar marks it corrected; the batch is complete.
        var resolved = await _steps.ResolveAsync(registrar, batchId, reportId, correct: true);
        Assert.Contains("已更正", CorrectionSteps.Flash(resolved));
        Assert.Equal(BatchStatus.Completed, await factory.WithDbAsync(db => db.Batches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync()));

        // The student sees the corrected value and the outcome.
        var (_, me) = await student.GetPageAsync("/me");
        var ethnicityRow = me.QuerySelectorAll(".record .row").Single(r => r.QuerySelector("dt")!.TextContent == "民族");
        Assert.Equal(proposed, ethnicityRow.QuerySelector(".value")!.TextContent);
        var card = me.QuerySelector("#reports .report")!;
        Assert.Contains("已更正", card.QuerySelector(".badge")!.TextContent);
        Assert.Contains("错误已处理", me.QuerySelector(".state")!.TextContent);

        // Every step is in the report's history with the staff member's name, and in the audit log.
        var report = await _steps.ReportRowAsync(reportId);
        Assert.Equal(
            [ReportStatus.Submitted, ReportStatus.Verified, ReportStatus.InBatch, ReportStatus.Corrected],
            report.History.OrderBy(h => h.Id).Select(h => h.ToStatus).ToArray());
        Assert.Equal(["经济学院辅导员", "经济学院教务员", "学籍管理科"],
            report.History.OrderBy(h => h.Id).Skip(1).Select(h => h.ActorName).ToArray());
        var audits = await factory.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.Action == AuditActions.ReportStatusChanged && a.TargetType == "report" && a.TargetId == reportId.ToString())
            .Select(a => a.Details).ToListAsync());
        Assert.Equal(["from=Submitted;to=Verified", "from=Verified;to=InBatch", "from=InBatch;to=Corrected"], audits);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.Export && a.TargetId == batchId.ToString())));
    }

    [Fact]
    public async Task A_returned_report_shows_the_question_to_the_student_whose_answer_brings_it_back_to_the_counselor()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.PoliticalStatus, "中共党员", "入党了");
        var counselor = await _steps.CounselorAsync();

        var page = await _steps.ReviewAsync(counselor, reportId, "return", "请上传入党证明");
        Assert.Contains("已退回", CorrectionSteps.Flash(page));

        var (_, me) = await client.GetPageAsync("/me");
        Assert.Contains("请上传入党证明", me.QuerySelector("#reports .question")!.TextContent);
        await client.PostFormAsync($"/me/reports/{reportId}/answer", ("answer", "是预备党员，已改正"));

        var report = await _steps.ReportRowAsync(reportId);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal("是预备党员，已改正", report.StudentAnswer);
        var (_, detail) = await counselor.GetPageAsync($"/corrections/{reportId}");
        Assert.Contains("是预备党员，已改正", detail.QuerySelector(".student-answer")!.TextContent);
        Assert.NotNull(detail.QuerySelector("form.verify-form"));
        Assert.Equal("经济学院辅导员", report.History.Single(h => h.ToStatus == ReportStatus.ReturnedToStudent).ActorName);
    }

    [Fact]
    public async Task A_report_in_a_submitted_batch_is_frozen_and_the_batch_can_be_recalled_only_until_the_registrar_opens_it()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.PoliticalStatus, "共青团员", "录入有误");
        var counselor = await _steps.CounselorAsync();
        await _steps.ReviewAsync(counselor, reportId, "verify", "ok");
        var college = await _steps.CollegeAsync();
        var batchId = await _steps.SubmitBatchAsync(college, reportId);

        // The student can no longer withdraw it.
        var (_, me) = await client.GetPageAsync("/me");
        Assert.Null(me.QuerySelector($"form[action='/me/reports/{reportId}/withdraw']"));
        var (_, afterWithdraw) = await client.FollowAsync(await client.PostFormAsync($"/me/reports/{reportId}/withdraw"));
        Assert.Contains("不允许", CorrectionSteps.Flash(afterWithdraw));
        // The counselor can no longer act on it, even with the current version.
        var version = (await _steps.ReportRowAsync(reportId)).Version;
        var (_, detail) = await counselor.GetPageAsync($"/corrections/{reportId}");
        Assert.Null(detail.QuerySelector("form.verify-form"));
        var refused = await _steps.ReviewAsync(counselor, reportId, "return", "再看看", version);
        Assert.Contains("不允许此操作", CorrectionSteps.Flash(refused));
        Assert.Equal(ReportStatus.InBatch, (await _steps.ReportRowAsync(reportId)).Status);

        // Recall before the registrar opens it: back to Verified, out of the batch.
        var (_, collegePage) = await college.GetPageAsync("/batches/college");
        var recallVersion = CorrectionSteps.VersionOn(collegePage, $"form[action='/batches/{batchId}/recall']");
        var (_, recalled) = await college.FollowAsync(await college.PostFormAsync($"/batches/{batchId}/recall",
            [new("version", recallVersion.ToString())], "/batches/college"));
        Assert.Contains("已撤回该批", CorrectionSteps.Flash(recalled));
        var report = await _steps.ReportRowAsync(reportId);
        Assert.Equal(ReportStatus.Verified, report.Status);
        Assert.Null(report.BatchId);
        Assert.False(await factory.WithDbAsync(db => db.Batches.AnyAsync(b => b.Id == batchId)));

        // Submitted again and opened by the registrar: no more recall.
        var second = await _steps.SubmitBatchAsync(college, reportId);
        var registrar = await _steps.RegistrarAsync();
        var (_, batchPage) = await registrar.GetPageAsync($"/batches/{second}");
        var openVersion = CorrectionSteps.VersionOn(batchPage, $"form[action='/batches/{second}/open']");
        await registrar.PostFormAsync($"/batches/{second}/open", [new("version", openVersion.ToString())], $"/batches/{second}");
        var (_, afterOpen) = await college.GetPageAsync("/batches/college");
        Assert.Null(afterOpen.QuerySelector($"form[action='/batches/{second}/recall']"));
        var stale = await factory.WithDbAsync(db => db.Batches.Where(b => b.Id == second).Select(b => b.Version).SingleAsync());
        var (_, refusedRecall) = await college.FollowAsync(await college.PostFormAsync($"/batches/{second}/recall",
            [new("version", stale.ToString())], "/batches/college"));
        Assert.Contains("不能再撤回", CorrectionSteps.Flash(refusedRecall));
        Assert.Equal(BatchStatus.Opened, await factory.WithDbAsync(db => db.Batches.Where(b => b.Id == second).Select(b => b.Status).SingleAsync()));
        Assert.Equal(ReportStatus.InBatch, (await _steps.ReportRowAsync(reportId)).Status);

        await _steps.ResolveAsync(registrar, second, reportId, correct: false, reason: "已另行处理");
    }

    [Fact]
    public async Task A_rejected_report_shows_the_registrars_reason_to_the_student()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var isMale = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Gender == RegistryCheck.Data.Rules.Gender.Male).SingleAsync());
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Gender, isMale ? "女" : "男", "性别录错");
        var counselor = await _steps.CounselorAsync();
        await _steps.ReviewAsync(counselor, reportId, "verify", "");
        var batchId = await _steps.SubmitBatchAsync(await _steps.CollegeAsync(), reportId);
        var registrar = await _steps.RegistrarAsync();

        // A rejection needs a reason.
        var (_, batchPage) = await registrar.GetPageAsync($"/batches/{batchId}");
        Assert.Contains("需报省级审批", batchPage.QuerySelector($"section[data-report='{reportId}']")!.TextContent);
        var page = await _steps.ResolveAsync(registrar, batchId, reportId, correct: false, reason: "与身份证一致，无需更正");
        Assert.Contains("未予更正", CorrectionSteps.Flash(page));

        var (_, me) = await client.GetPageAsync("/me");
        var card = me.QuerySelector("#reports .report")!;
        Assert.Contains("未予更正", card.QuerySelector(".badge")!.TextContent);
        Assert.Contains("与身份证一致，无需更正", card.TextContent);
        var genderRow = me.QuerySelectorAll(".record .row").Single(r => r.QuerySelector("dt")!.TextContent == "性别");
        Assert.Equal((await _steps.ReportRowAsync(reportId)).ShownValue, genderRow.QuerySelector(".value")!.TextContent);
        Assert.Equal(0, await factory.WithDbAsync(db => db.RecordChanges.CountAsync(c => c.ReportId == reportId)));
    }

    [Fact]
    public async Task A_correction_keeps_the_old_value_in_the_records_history_and_a_class_is_found_by_name_within_the_college()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var classReport = await _steps.ReportAsync(client, student.Id, RecordField.Class, "2026级经济学2班", "分班调整");
        var majorReport = await _steps.ReportAsync(client, student.Id, RecordField.Major, "不存在的专业", "专业名称错误");
        var counselor = await _steps.CounselorAsync();
        await _steps.ReviewAsync(counselor, classReport, "verify", "已确认");
        await _steps.ReviewAsync(counselor, majorReport, "verify", "已确认");
        var batchId = await _steps.SubmitBatchAsync(await _steps.CollegeAsync(), classReport, majorReport);
        var registrar = await _steps.RegistrarAsync();

        await _steps.ResolveAsync(registrar, batchId, classReport, correct: true);
        var refused = await _steps.ResolveAsync(registrar, batchId, majorReport, correct: true);
        Assert.Contains("本学院没有名为“不存在的专业”的专业", CorrectionSteps.Flash(refused));
        Assert.Equal(ReportStatus.InBatch, (await _steps.ReportRowAsync(majorReport)).Status);

        var change = await factory.WithDbAsync(db => db.RecordChanges.AsNoTracking().SingleAsync(c => c.StudentId == student.Id));
        Assert.Equal(RecordField.Class, change.Field);
        Assert.Equal("2026级经济学1班", change.OldValue);
        Assert.Equal("2026级经济学2班", change.NewValue);
        Assert.Equal(classReport, change.ReportId);
        Assert.NotNull(change.ActorUserId);
        var classId = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Class.Name).SingleAsync());
        Assert.Equal("2026级经济学2班", classId);
        Assert.Equal(BatchStatus.Opened, await factory.WithDbAsync(db => db.Batches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync()));

        await _steps.ResolveAsync(registrar, batchId, majorReport, correct: false, reason: "专业无误");
        Assert.Equal(BatchStatus.Completed, await factory.WithDbAsync(db => db.Batches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_counselor_acting_on_a_form_that_another_counselor_already_answered_gets_changed_meanwhile_and_nothing_is_overwritten()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Ethnicity, "壮族", "户口本为壮族");
        var first = await _steps.CounselorAsync();
        var second = await _steps.CounselorAsync();
        // Both open the report and see the same version.
        var (_, secondsPage) = await second.GetPageAsync($"/corrections/{reportId}");
        var shownToSecond = CorrectionSteps.VersionOn(secondsPage, "form.return-form");

        await _steps.ReviewAsync(first, reportId, "verify", "核实无误");
        var page = await _steps.ReviewAsync(second, reportId, "return", "请补充材料", shownToSecond);

        Assert.Contains("已被他人修改", CorrectionSteps.Flash(page));
        var report = await _steps.ReportRowAsync(reportId);
        Assert.Equal(ReportStatus.Verified, report.Status);
        Assert.Null(report.ReturnQuestion);
        Assert.Equal("核实无误", report.CounselorNote);
        Assert.Equal(2, report.History.Count);
    }

    [Fact]
    public async Task The_counselor_sees_a_character_diff_that_names_traditional_characters_and_code_points()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var name = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Name).SingleAsync());
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Name, "張" + name[1..], "身份证上是繁体");
        var counselor = await _steps.CounselorAsync();

        var (_, page) = await counselor.GetPageAsync($"/corrections/{reportId}");

        var removed = page.QuerySelectorAll(".diff .ch.del").Select(e => e.QuerySelector(".glyph")!.TextContent).ToList();
        var added = page.QuerySelectorAll(".diff .ch.ins").ToList();
        Assert.Equal([name[..1]], removed);
        var ins = Assert.Single(added);
        Assert.Equal("張", ins.QuerySelector(".glyph")!.TextContent);
        Assert.Contains("U+5F35", ins.GetAttribute("title"));
        Assert.Contains("繁体字", ins.GetAttribute("title"));
        Assert.Equal(name, page.QuerySelector(".current-value")!.TextContent.Trim());
        Assert.NotEmpty(page.QuerySelectorAll(".name-issues li"));
        await _steps.ReviewAsync(counselor, reportId, "return", "请核对身份证");
    }

    [Fact]
    public async Task Evidence_is_served_to_the_counselor_in_scope_with_no_store()
    {
        var png = DemoPhotoGenerator.Create(11);
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.BirthDate, "2007-05-06", "见户口本",
            [("Evidence", "hukou.png", png, "image/png")]);
        var counselor = await _steps.CounselorAsync();
        var (_, page) = await counselor.GetPageAsync($"/corrections/{reportId}");

        var link = page.QuerySelector(".files a")!.GetAttribute("href")!;
        var file = await counselor.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("no-store", file.Headers.CacheControl!.ToString());
        Assert.Equal(png, await file.Content.ReadAsByteArrayAsync());
        await _steps.ReviewAsync(counselor, reportId, "return", "材料不清楚");
    }
}

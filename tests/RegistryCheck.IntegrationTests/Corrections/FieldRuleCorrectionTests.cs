using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>
/// The registrar's decision goes through the field's rule (FieldRules): every field's valid value is applied and kept in
/// the record's history, an invalid one gives the rule's message and changes nothing. Run with REGISTRYCHECK_TEST_POSTGRES
/// set, the same tests run on PostgreSQL, where an overlong value used to be a server error.
/// </summary>
public class FieldRuleCorrectionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    /// <summary>
    /// A report already in a submitted batch, stored directly: the values a form can no longer send (an overlong
    /// 政治面貌, 火星族) are what older versions stored, and the decision must refuse them with a message.
    /// </summary>
    private async Task<(TestStudent Student, int ReportId, int BatchId)> InBatchAsync(RecordField field, string proposed)
    {
        var student = await TestStudents.AddAsync(factory);
        var ids = await factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            var campaignId = await db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.CampaignId).SingleAsync();
            // Tests in a class run one after another, so the next number is free (the app numbers its batches the same way).
            var sequence = (await db.Batches.Where(b => b.CollegeId == student.CollegeId && b.CampaignId == campaignId).MaxAsync(b => (int?)b.Sequence) ?? 0) + 1;
            var batch = new CollegeBatch
            {
                CollegeId = student.CollegeId, CampaignId = campaignId, Sequence = sequence, Status = BatchStatus.Submitted,
                CreatedAt = now, SubmittedAt = now,
            };
            var report = new CorrectionReport
            {
                StudentId = student.Id, CampaignId = campaignId, Field = field, ShownValue = "旧值", ProposedValue = proposed, Reason = "测试",
                Status = ReportStatus.InBatch, Batch = batch, SubmittedAt = now, UpdatedAt = now,
                NeedsProvincialApproval = FieldRules.NeedsProvincialApproval(field),
            };
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            return (report.Id, batch.Id);
        });
        return (student, ids.Item1, ids.Item2);
    }

    private Task<Student> StudentAsync(int id) =>
        factory.WithDbAsync(db => db.Students.AsNoTracking().Include(s => s.Major).Include(s => s.Class).SingleAsync(s => s.Id == id));

    private static string Valid18(string area, int n)
    {
        var first17 = $"{area}20080315{n % 1000:000}";
        return first17 + IdNumber.ComputeCheckCharacter(first17);
    }

    public static TheoryData<RecordField, string, string> ValidValues() => new()
    {
        { RecordField.Name, "李 新名", "李新名" },
        { RecordField.Gender, "女", "女" },
        { RecordField.BirthDate, "2007-05-06", "2007-05-06" },
        { RecordField.Ethnicity, "穿青人", "穿青人" },
        { RecordField.PoliticalStatus, "共青团员", "共青团员" },
        { RecordField.IdType, "护照", "护照" },
        { RecordField.IdNumber, Valid18("110105", 731), Valid18("110105", 731) },
        { RecordField.ExamNumber, "26430000009999", "26430000009999" },
        { RecordField.StudentNumber, "2026988001", "2026988001" },
        { RecordField.SchoolName, "示范大学  南校区", "示范大学 南校区" },
        { RecordField.Level, "专科", "专科" },
        { RecordField.Class, "2026级经济学2班", "2026级经济学2班" },
        { RecordField.LengthOfStudy, "2.5", "2.5" },
        { RecordField.StudyForm, "非全日制", "非全日制" },
        { RecordField.EducationCategory, "成人高等教育", "成人高等教育" },
        { RecordField.EnrollmentDate, "2026-09-02", "2026-09-02" },
        { RecordField.ExpectedGraduationDate, "2030-06-30", "2030-06-30" },
        { RecordField.RegistryStatus, "休学", "休学" },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public async Task A_valid_value_is_applied_and_kept_in_the_records_history(RecordField field, string proposed, string stored)
    {
        var (student, reportId, batchId) = await InBatchAsync(field, proposed);
        var before = await StudentAsync(student.Id);
        var registrar = await _steps.RegistrarAsync();

        var page = await _steps.ResolveAsync(registrar, batchId, reportId, correct: true);

        Assert.Contains("已更正", CorrectionSteps.Flash(page));
        var after = await StudentAsync(student.Id);
        Assert.Equal(stored, RecordSnapshot.ValueOf(after, field, "", after.Major.Name, after.Class.Name));
        var change = await factory.WithDbAsync(db => db.RecordChanges.AsNoTracking().SingleAsync(c => c.ReportId == reportId && c.Field == field));
        Assert.Equal(RecordSnapshot.ValueOf(before, field, "", before.Major.Name, before.Class.Name), change.OldValue);
        Assert.Equal(stored, change.NewValue);
        Assert.Equal(ReportStatus.Corrected, (await _steps.ReportRowAsync(reportId)).Status);
    }

    public static TheoryData<RecordField, string, string> InvalidValues() => new()
    {
        { RecordField.Name, new string('名', 51), "姓名不能超过 50 个字" },
        { RecordField.Gender, "未知", "性别“未知”不在代码表中" },
        { RecordField.BirthDate, "2008-02-30", "“出生日期”不是有效的日期" },
        { RecordField.Ethnicity, "火星族", "民族“火星族”不在代码表中" },
        { RecordField.PoliticalStatus, new string('党', 120), "不在代码表中" },
        { RecordField.IdType, "身份卡", "证件类型“身份卡”不在代码表中" },
        { RecordField.IdNumber, Valid18("000000", 1), "前两位不是有效的省级行政区划代码" },
        { RecordField.ExamNumber, "26-43", "“考生号”只能包含字母和数字" },
        { RecordField.StudentNumber, "2026/01", "“学号”只能包含字母和数字" },
        { RecordField.SchoolName, new string('校', 101), "学校名称不能超过 100 个字符" },
        { RecordField.Level, "研究生", "层次“研究生”不在代码表中" },
        { RecordField.College, "法学院", "院系变更需同时调整专业和班级" },
        { RecordField.Major, "不存在的专业", "本学院没有名为“不存在的专业”的专业" },
        { RecordField.Class, "不存在的班", "本学院没有名为“不存在的班”的班级" },
        { RecordField.LengthOfStudy, "9", "学制应为 1 到 8 年" },
        { RecordField.StudyForm, "夜大", "学习形式“夜大”不在代码表中" },
        { RecordField.EducationCategory, "夜校", "学历类别“夜校”不在代码表中" },
        { RecordField.EnrollmentDate, "九月", "“入学日期”不是有效的日期" },
        { RecordField.ExpectedGraduationDate, "2030-13-01", "“预计毕业日期”不是有效的日期" },
        { RecordField.RegistryStatus, "在读", "学籍状态“在读”不在代码表中" },
        { RecordField.Phone, "13912345678", "该项目不能在此更正" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task An_invalid_value_gives_the_rules_message_and_changes_nothing(RecordField field, string proposed, string message)
    {
        var (student, reportId, batchId) = await InBatchAsync(field, proposed);
        var before = await StudentAsync(student.Id);
        var registrar = await _steps.RegistrarAsync();

        var page = await _steps.ResolveAsync(registrar, batchId, reportId, correct: true);

        Assert.Contains(message, CorrectionSteps.Flash(page));
        var after = await StudentAsync(student.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(ReportStatus.InBatch, (await _steps.ReportRowAsync(reportId)).Status);
        Assert.False(await factory.WithDbAsync(db => db.RecordChanges.AnyAsync(c => c.ReportId == reportId)));
    }

    [Fact]
    public async Task A_corrected_student_number_renames_the_account_ends_the_session_and_signs_in_with_the_new_number()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var newNumber = "2026977" + (student.StudentNumber[^3..]);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.StudentNumber, newNumber, "学号分配有误");
        var counselor = await _steps.CounselorAsync();
        await _steps.ReviewAsync(counselor, reportId, "verify", "已核对");
        var batchId = await _steps.SubmitBatchAsync(await _steps.CollegeAsync(), reportId);

        var page = await _steps.ResolveAsync(await _steps.RegistrarAsync(), batchId, reportId, correct: true);

        Assert.Contains("已更正", CorrectionSteps.Flash(page));
        var account = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.StudentId == student.Id));
        Assert.Equal(newNumber, account.UserName);
        Assert.Equal(newNumber.ToUpperInvariant(), account.NormalizedUserName);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.AccountRenamed && a.TargetId == account.Id.ToString())));

        // The open session ends at the next security-stamp check; the old number no longer signs in, the new one does.
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var stale = await client.Http.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/sign-in", stale.Headers.Location!.AbsolutePath);
        using var fresh = factory.NewClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await fresh.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026")).StatusCode);
        var signedIn = await fresh.SignInStudentAsync(newNumber, "MyOwnPass2026");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var (_, me) = await fresh.GetPageAsync("/me");
        Assert.Contains(newNumber, me.QuerySelector(".record")!.TextContent);
    }

    [Fact]
    public async Task A_student_number_that_is_a_staff_user_name_is_refused_with_a_message()
    {
        var (student, reportId, batchId) = await InBatchAsync(RecordField.StudentNumber, DemoAccounts.Counselor);

        var page = await _steps.ResolveAsync(await _steps.RegistrarAsync(), batchId, reportId, correct: true);

        Assert.Contains("与一个工作人员账号的用户名相同", CorrectionSteps.Flash(page));
        Assert.Equal(student.StudentNumber, await factory.WithDbAsync(db => db.Users.Where(u => u.StudentId == student.Id).Select(u => u.UserName).SingleAsync()));
        Assert.Equal(student.StudentNumber, (await StudentAsync(student.Id)).StudentNumber);
    }

    [Fact]
    public async Task A_corrected_change_of_name_keeps_the_admission_name_as_former_name_and_renames_the_account()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var before = await StudentAsync(student.Id);
        var reportId = await _steps.ReportAsync(client, student.Id, RecordField.Name, "李改名", "已在派出所改名", kind: CorrectionKind.Change);
        await _steps.ReviewAsync(await _steps.CounselorAsync(), reportId, "verify", "见派出所证明");
        var batchId = await _steps.SubmitBatchAsync(await _steps.CollegeAsync(), reportId);

        await _steps.ResolveAsync(await _steps.RegistrarAsync(), batchId, reportId, correct: true);

        var after = await StudentAsync(student.Id);
        Assert.Equal("李改名", after.Name);
        Assert.Equal(before.Name, after.FormerName);
        Assert.Equal("李改名", await factory.WithDbAsync(db => db.Users.Where(u => u.StudentId == student.Id).Select(u => u.DisplayName).SingleAsync()));
        var (_, me) = await client.GetPageAsync("/me");
        var former = me.QuerySelectorAll(".record .row").Single(r => r.QuerySelector("dt")!.TextContent == "曾用名");
        Assert.Equal(before.Name, former.QuerySelector(".value")!.TextContent);
    }

    [Fact]
    public async Task A_report_of_a_provincial_approval_field_without_evidence_is_refused_and_says_which_documents_count()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var (_, form) = await client.GetPageAsync("/me/report?field=Name");
        Assert.Contains("户口本本人页", form.QuerySelector(".evidence-needed")!.TextContent);
        Assert.Contains("派出所出具的姓名变更证明", form.QuerySelector(".evidence-needed")!.TextContent);

        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=Name",
            [("Field", "Name"), ("Kind", "Correction"), ("ProposedValue", "李四"), ("Reason", "录错"), ("AcknowledgedHints", "true")], []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("请至少上传一份证明材料", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));
    }

    [Fact]
    public async Task The_form_offers_the_code_table_and_the_server_refuses_a_value_outside_it()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var (_, form) = await client.GetPageAsync("/me/report?field=Ethnicity");
        var options = form.QuerySelectorAll("select[name=ProposedValue] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("穿青人", options);
        Assert.Equal(CodeTables.Ethnicity.Entries.Count + 1, options.Count);

        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("ProposedValue", "火星族"), ("Reason", "户口本")], []);
        Assert.Contains("民族“火星族”不在代码表中", await response.Content.ReadAsStringAsync());
        var overlong = await client.PostMultipartAsync("/me/report", "/me/report?field=PoliticalStatus",
            [("Field", "PoliticalStatus"), ("Kind", "Correction"), ("ProposedValue", new string('党', 120)), ("Reason", "入党")], []);
        Assert.Equal(HttpStatusCode.OK, overlong.StatusCode);
        Assert.Contains("不在代码表中", await overlong.Content.ReadAsStringAsync());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));
    }

    [Fact]
    public async Task Name_and_ID_number_cannot_both_be_reported_in_one_campaign_unless_the_campaign_allows_it()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var nameReport = await _steps.ReportAsync(client, student.Id, RecordField.Name, "李四", "录错");
        var (_, idForm) = await client.GetPageAsync("/me/report?field=IdNumber");
        Assert.NotNull(idForm.QuerySelector(".name-id-rule"));
        var files = new[] { ("Evidence", "id.png", CorrectionSteps.EvidencePng, "image/png") };

        var refused = await client.PostMultipartAsync("/me/report", "/me/report?field=IdNumber",
            [("Field", "IdNumber"), ("Kind", "Correction"), ("ProposedValue", Valid18("110105", 77)), ("Reason", "录错")], files);

        Assert.Contains("姓名和证件号码不能同时更改", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));

        // Switched off for the campaign: the second report is stored, and the counselor sees the conflict on neither.
        await factory.WithDbAsync(async db =>
        {
            var campaignId = await db.Reports.Where(r => r.Id == nameReport).Select(r => r.CampaignId).SingleAsync();
            await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ForbidNameAndIdNumberTogether, false));
        });
        var accepted = await client.PostMultipartAsync("/me/report", "/me/report?field=IdNumber",
            [("Field", "IdNumber"), ("Kind", "Correction"), ("ProposedValue", Valid18("110105", 77)), ("Reason", "录错")], files);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));
    }

    [Fact]
    public async Task The_counselor_sees_the_name_and_ID_number_conflict_of_reports_stored_before_the_rule()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var nameReport = await _steps.ReportAsync(client, student.Id, RecordField.Name, "李四", "录错");
        await factory.WithDbAsync(async db =>
        {
            var r = await db.Reports.SingleAsync(x => x.Id == nameReport);
            db.Reports.Add(new CorrectionReport
            {
                StudentId = r.StudentId, CampaignId = r.CampaignId, Field = RecordField.IdNumber, ShownValue = student.IdNumber,
                ProposedValue = Valid18("110105", 78), Reason = "录错", Status = ReportStatus.Submitted, SubmittedAt = r.SubmittedAt, UpdatedAt = r.SubmittedAt,
            });
            await db.SaveChangesAsync();
        });

        var (_, detail) = await (await _steps.CounselorAsync()).GetPageAsync($"/corrections/{nameReport}");

        Assert.NotNull(detail.QuerySelector(".identity-conflict"));
    }

    [Fact]
    public async Task Two_parallel_reports_of_one_field_store_at_most_one_and_the_other_gets_a_message()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var second = factory.NewClient();
        await second.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");

        Task<HttpResponseMessage> Post(PortalClient c, string value) => c.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("ProposedValue", value), ("Reason", "户口本")], []);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Post(i % 2 == 0 ? client : second, i % 2 == 0 ? "回族" : "满族")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id && r.Field == RecordField.Ethnicity)));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(5, refused.Count);
        foreach (var r in refused)
        {
            Assert.Contains("该项已有待处理的报告", await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_database_refuses_a_second_open_report_of_one_field()
    {
        var (student, reportId, _) = await InBatchAsync(RecordField.Ethnicity, "回族");
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => factory.WithDbAsync(async db =>
        {
            var r = await db.Reports.AsNoTracking().SingleAsync(x => x.Id == reportId);
            db.Reports.Add(new CorrectionReport
            {
                StudentId = student.Id, CampaignId = r.CampaignId, Field = RecordField.Ethnicity, ShownValue = "汉族", ProposedValue = "满族",
                Reason = "再报", Status = ReportStatus.Submitted, SubmittedAt = r.SubmittedAt, UpdatedAt = r.SubmittedAt,
            });
            await db.SaveChangesAsync();
        }));
    }
}

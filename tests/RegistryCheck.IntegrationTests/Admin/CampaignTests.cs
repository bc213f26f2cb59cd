using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Admin;

/// <summary>Each test gets its own portal: campaigns are per cohort and several tests move the clock.</summary>
public class CampaignTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    private DateTimeOffset Now => _factory.Clock.GetUtcNow();

    [Fact]
    public async Task Creating_a_campaign_creates_a_check_for_every_student_of_the_cohort_and_only_for_them()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2027);
        var ids = await AdminTestData.AddStudentsAsync(_factory, classId, 3);
        var checksBefore = await _factory.WithDbAsync(db => db.StudentChecks.CountAsync());
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        var response = await registrar.PostAsync("/campaigns/new", "/campaigns/new",
            ("Cohort", "2027"), ("Name", "2027级新生学籍信息核对"), ("OpensAt", "2026-11-28T09:00"), ("Deadline", "2026-12-20T18:00"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var campaign = await _factory.WithDbAsync(db => db.Campaigns.SingleAsync(c => c.Cohort == 2027));
        var checks = await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.CampaignId == campaign.Id).ToListAsync());
        Assert.Equal(ids.Order(), checks.Select(c => c.StudentId).Order());
        Assert.All(checks, c => Assert.Equal(CheckState.NotViewed, c.State));
        Assert.Equal(checksBefore + 3, await _factory.WithDbAsync(db => db.StudentChecks.CountAsync()));
        // Opening and deadline were typed in Beijing time and are stored in UTC.
        Assert.Equal(new DateTime(2026, 11, 28, 1, 0, 0, DateTimeKind.Utc), campaign.OpensAt);
        Assert.Equal(new DateTime(2026, 12, 20, 10, 0, 0, DateTimeKind.Utc), campaign.Deadline);

        var (_, page) = await registrar.FollowAsync(response);
        Assert.Contains("已为 3 名学生建立核对记录", page.QuerySelector(".flash")!.TextContent);
        var (_, list) = await registrar.GetPageAsync("/campaigns");
        var row = list.QuerySelector($"tr[data-campaign='{campaign.Id}']")!;
        Assert.Equal("3", row.QuerySelector("td[data-state=NotViewed]")!.TextContent.Trim());
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.CampaignChanged && a.TargetId == campaign.Id.ToString() && a.Details!.Contains("checks=3"))));
    }

    [Fact]
    public async Task A_second_open_campaign_for_the_remaining_intake_types_of_the_same_cohort_is_refused()
    {
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        var response = await registrar.PostAsync("/campaigns/new", "/campaigns/new",
            ("Cohort", "2026"), ("Name", "再来一次"), ("OpensAt", AdminTestData.Local(Now)), ("Deadline", AdminTestData.Local(Now.AddDays(5))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The demo campaign already takes every intake type no other campaign targets (sub-cohorts, issue 15).
        Assert.Contains("该年级已有面向其余入学类别的进行中核对", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await _factory.WithDbAsync(db => db.Campaigns.CountAsync(c => c.Cohort == 2026)));
    }

    [Fact]
    public async Task A_deadline_before_the_opening_time_is_refused()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2028);
        await AdminTestData.AddStudentsAsync(_factory, classId, 1);
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

        var response = await registrar.PostAsync("/campaigns/new", "/campaigns/new",
            ("Cohort", "2028"), ("Name", "2028级"), ("OpensAt", AdminTestData.Local(Now.AddDays(3))), ("Deadline", AdminTestData.Local(Now.AddDays(2))));

        Assert.Contains("截止时间必须晚于开始时间", await response.Content.ReadAsStringAsync());
        Assert.False(await _factory.WithDbAsync(db => db.Campaigns.AnyAsync(c => c.Cohort == 2028)));
    }

    [Fact]
    public async Task Extending_the_deadline_for_everyone_lets_students_act_after_the_old_one_and_is_audited()
    {
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var campaign = await _factory.WithDbAsync(db => db.Campaigns.SingleAsync(c => c.Cohort == 2026));
        var newDeadline = new DateTimeOffset(2026, 12, 31, 18, 0, 0, AdminTestData.Beijing);

        await registrar.PostAsync($"/campaigns/{campaign.Id}/deadline", $"/campaigns/{campaign.Id}",
            ("Version", campaign.Version.ToString()), ("NewDeadline", AdminTestData.Local(newDeadline)));

        var stored = await _factory.WithDbAsync(db => db.Campaigns.SingleAsync(c => c.Id == campaign.Id));
        Assert.Equal(newDeadline.UtcDateTime, stored.Deadline);
        var entry = await _factory.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == AuditActions.DeadlineChanged && a.TargetId == campaign.Id.ToString()));
        Assert.Contains($"old={campaign.Deadline:O}", entry.Details);
        Assert.Contains($"new={newDeadline.UtcDateTime:O}", entry.Details);

        // Past the original deadline (2026-12-12 23:59:59) but before the new one: the student may still confirm.
        _factory.Clock.Advance(TimeSpan.FromDays(16));
        await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");
        await client.GetPageAsync("/me");
        await client.PostFormAsync("/me/confirm");
        Assert.Equal(CheckState.Confirmed, await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.State).SingleAsync()));
    }

    [Fact]
    public async Task When_two_registrars_extend_at_once_the_second_is_told_the_campaign_changed_meanwhile()
    {
        using var first = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        using var second = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var id = await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Cohort == 2026).Select(c => c.Id).SingleAsync());
        // Both open the page and read the same version.
        var (_, firstPage) = await first.GetPageAsync($"/campaigns/{id}");
        var (_, secondPage) = await second.GetPageAsync($"/campaigns/{id}");
        var version = firstPage.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        Assert.Equal(version, secondPage.QuerySelector("input[name=Version]")!.GetAttribute("value"));

        await first.PostAsync($"/campaigns/{id}/deadline", $"/campaigns/{id}", ("Version", version), ("NewDeadline", "2026-12-20T18:00"));
        var response = await second.PostAsync($"/campaigns/{id}/deadline", $"/campaigns/{id}", ("Version", version), ("NewDeadline", "2026-12-25T18:00"));

        var (_, after) = await second.FollowAsync(response);
        Assert.Contains("刚刚被他人修改过", after.QuerySelector(".flash.error")!.TextContent);
        var deadline = await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.Deadline).SingleAsync());
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 18, 0, 0, AdminTestData.Beijing).UtcDateTime, deadline);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.DeadlineChanged)));
    }

    [Fact]
    public async Task A_deadline_extended_for_one_student_lets_only_that_student_act_after_the_global_deadline()
    {
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        var (otherStudent, other) = await TestStudents.SignedInAsync(_factory);
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var id = await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Cohort == 2026).Select(c => c.Id).SingleAsync());

        var response = await registrar.PostAsync($"/campaigns/{id}/student-deadline", $"/campaigns/{id}",
            ("StudentNumber", " " + student.StudentNumber + " "), ("NewDeadline", "2026-12-20T18:00"), ("Reason", "住院，出院后补核对"));
        var (_, page) = await registrar.FollowAsync(response);
        Assert.Contains("已为该学生单独延期", page.QuerySelector(".flash")!.TextContent);
        Assert.Contains(student.StudentNumber, page.QuerySelector("table.overrides")!.TextContent);

        // After the campaign's deadline (12-12) and before the student's own (12-20). The cookie lasts 8 h: sign in again.
        _factory.Clock.Advance(TimeSpan.FromDays(16));
        await client.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026");
        await other.SignInStudentAsync(otherStudent.StudentNumber, "MyOwnPass2026");
        await client.GetPageAsync("/me");
        await client.PostFormAsync("/me/confirm");
        await other.GetPageAsync("/me");
        await other.PostFormAsync("/me/confirm");

        Assert.Equal(CheckState.Confirmed, await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == student.Id).Select(c => c.State).SingleAsync()));
        Assert.Equal(CheckState.Viewed, await _factory.WithDbAsync(db => db.StudentChecks.Where(c => c.StudentId == otherStudent.Id).Select(c => c.State).SingleAsync()));
        var entry = await _factory.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == AuditActions.DeadlineChanged));
        Assert.Equal("student", entry.TargetType);
        Assert.Equal(student.Id.ToString(), entry.TargetId);
        Assert.Contains("old=none", entry.Details);
        Assert.DoesNotContain(student.StudentNumber, entry.Details);
    }

    [Fact]
    public async Task A_student_number_outside_the_campaigns_cohort_is_refused_for_an_extension()
    {
        var classId = await AdminTestData.AddClassAsync(_factory, 2029);
        await AdminTestData.AddStudentsAsync(_factory, classId, 1);
        var number = await _factory.WithDbAsync(db => db.Students.Where(s => s.Cohort == 2029).Select(s => s.StudentNumber).SingleAsync());
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var id = await _factory.WithDbAsync(db => db.Campaigns.Where(c => c.Cohort == 2026).Select(c => c.Id).SingleAsync());

        var (_, page) = await registrar.FollowAsync(await registrar.PostAsync($"/campaigns/{id}/student-deadline", $"/campaigns/{id}",
            ("StudentNumber", number), ("NewDeadline", "2026-12-20T18:00"), ("Reason", "x")));

        Assert.Contains("没有这个学号", page.QuerySelector(".flash.error")!.TextContent);
        Assert.False(await _factory.WithDbAsync(db => db.StudentChecks.AnyAsync(c => c.DeadlineOverride != null)));
    }

    [Fact]
    public async Task Closing_a_campaign_leaves_students_without_a_current_campaign_and_keeps_it_as_history()
    {
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        using var registrar = await AdminTestData.StaffAsync(_factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var campaign = await _factory.WithDbAsync(db => db.Campaigns.SingleAsync(c => c.Cohort == 2026));

        await registrar.PostAsync($"/campaigns/{campaign.Id}/close", $"/campaigns/{campaign.Id}", ("version", campaign.Version.ToString()));

        var (_, me) = await client.GetPageAsync("/me");
        Assert.Contains("当前没有进行中的学籍核对", me.Body!.TextContent);
        var (_, list) = await registrar.GetPageAsync("/campaigns");
        Assert.Contains("目前没有未关闭的核对", list.Body!.TextContent);
        Assert.NotNull(list.QuerySelector($"tr[data-campaign='{campaign.Id}']"));
        Assert.True(await _factory.WithDbAsync(db => db.StudentChecks.AnyAsync(c => c.CampaignId == campaign.Id && c.StudentId == student.Id)));
        Assert.True(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.CampaignChanged && a.Details == "closed")));

        // The cohort may now have a new campaign, which the student then sees.
        var created = await registrar.PostAsync("/campaigns/new", "/campaigns/new",
            ("Cohort", "2026"), ("Name", "2026级补充核对"), ("OpensAt", AdminTestData.Local(Now.AddMinutes(-5))), ("Deadline", AdminTestData.Local(Now.AddDays(7))));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var (_, again) = await client.GetPageAsync("/me");
        Assert.Contains("2026级补充核对", again.QuerySelector(".campaign")!.TextContent);
    }

    public void Dispose() => _factory.Dispose();
}

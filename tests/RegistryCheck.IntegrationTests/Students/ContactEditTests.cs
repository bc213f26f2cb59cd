using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Students;

/// <summary>联系电话 and 电子邮箱 are edited by the student on /me, through the fields' rules, without a report.</summary>
public class ContactEditTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<Student> StudentAsync(int id) => factory.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.Id == id));

    private static async Task<HttpResponseMessage> PostContactAsync(PortalClient client, params (string Key, string Value)[] fields) =>
        await client.PostFormAsync("/me/contact", fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), "/me");

    [Fact]
    public async Task A_valid_edit_is_stored_normalised_marked_as_the_students_and_audited()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var (_, page) = await client.GetPageAsync("/me");
        Assert.NotNull(page.QuerySelector("form[action='/me/contact'] input[name=Phone]"));
        Assert.Null(page.QuerySelector("form[action='/me/contact'] input[name=StudentId], form[action='/me/contact'] input[name=studentId]"));

        var response = await PostContactAsync(client, ("Phone", "+86 139-0000-1234"), ("Email", "Li.Xin@Example.EDU.cn"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.FollowAsync(response);
        Assert.Equal("联系方式已保存。", CorrectionSteps.Flash(after.Page));
        Assert.Equal("13900001234", after.Page.QuerySelector("#contact-phone")!.GetAttribute("value"));
        var row = await StudentAsync(student.Id);
        Assert.Equal("13900001234", row.Phone);
        Assert.Equal("Li.Xin@example.edu.cn", row.Email);
        Assert.NotNull(row.PhoneByStudentAt);
        Assert.NotNull(row.EmailByStudentAt);
        var audit = await factory.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.Action == AuditActions.ContactChanged && a.TargetId == student.Id.ToString()).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("phone,email", entry.Details);
        Assert.DoesNotContain("13900001234", entry.Details);
    }

    [Fact]
    public async Task An_invalid_phone_gives_the_rules_message_and_changes_nothing()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var before = await StudentAsync(student.Id);

        var response = await PostContactAsync(client, ("Phone", "12345"), ("Email", "new@example.com"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.FollowAsync(response);
        Assert.Contains("联系电话应为 11 位手机号，或以 + 和国家（地区）代码开头的号码", CorrectionSteps.Flash(after.Page));
        var row = await StudentAsync(student.Id);
        Assert.Equal(before.Phone, row.Phone);
        Assert.Equal(before.Email, row.Email);
        Assert.Null(row.PhoneByStudentAt);
        Assert.Null(row.EmailByStudentAt);
        Assert.False(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.ContactChanged && a.TargetId == student.Id.ToString())));
    }

    [Fact]
    public async Task A_posted_student_id_is_ignored_and_the_other_students_row_is_untouched()
    {
        var (victim, _) = await TestStudents.SignedInAsync(factory);
        var victimBefore = await StudentAsync(victim.Id);
        var (attacker, client) = await TestStudents.SignedInAsync(factory);

        var response = await PostContactAsync(client, ("Phone", "13700007777"), ("StudentId", victim.Id.ToString()), ("studentId", victim.Id.ToString()), ("Id", victim.Id.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var victimAfter = await StudentAsync(victim.Id);
        Assert.Equal(victimBefore.Phone, victimAfter.Phone);
        Assert.Null(victimAfter.PhoneByStudentAt);
        Assert.Equal("13700007777", (await StudentAsync(attacker.Id)).Phone);
    }

    [Fact]
    public async Task The_edit_needs_the_antiforgery_token()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var response = await client.Http.PostAsync("/me/contact", new FormUrlEncodedContent([new("Phone", "13600006666")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await StudentAsync(student.Id)).PhoneByStudentAt);
    }

    [Fact]
    public async Task Contact_details_can_be_changed_after_the_deadline()
    {
        // Every test here signs in afresh, so moving this class's clock past the deadline affects no other test.
        // The portal starts (and seeds its campaign) first: seeded after the move, the deadline would move with it.
        _ = factory.Services;
        factory.Clock.Advance(TimeSpan.FromDays(60));
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var (_, page) = await client.GetPageAsync("/me");
        Assert.Null(page.QuerySelector("form[action='/me/confirm']"));

        var response = await PostContactAsync(client, ("Phone", "13500005555"), ("Email", ""));

        Assert.Equal("联系方式已保存。", CorrectionSteps.Flash((await client.FollowAsync(response)).Page));
        Assert.Equal("13500005555", (await StudentAsync(student.Id)).Phone);
    }
}

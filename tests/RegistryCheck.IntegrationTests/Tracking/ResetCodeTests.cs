using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Auth;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>A counselor's reset issues a one-time code (ADR-018), never the predictable initial password.</summary>
public class ResetCodeTests
{
    [Fact]
    public async Task A_reset_issues_a_one_time_code_shown_once_which_must_be_changed_at_sign_in_and_ends_open_sessions()
    {
        using var factory = new PortalFactory();
        var (student, session) = await TestStudents.SignedInAsync(factory, Econ1);
        var key = SignInGuard.StudentKey(student.StudentNumber);
        await factory.WithDbAsync(async db =>
        {
            var row = await db.SignInThrottles.SingleOrDefaultAsync(t => t.Key == key);
            if (row is null)
            {
                row = new SignInThrottle { Key = key };
                db.SignInThrottles.Add(row);
            }

            row.FailedCount = 4;
            row.WindowStartedAt = factory.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        });

        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var code = await ResetAsync(counselor, student);
        Assert.Matches("^[0-9]{8}$", code);
        Assert.NotEqual(student.InitialPassword, code);

        var account = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.StudentId == student.Id));
        Assert.NotNull(account.PasswordHash);
        Assert.True(account.MustChangePassword);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddHours(72), account.PasswordExpiresAt!.Value, TimeSpan.FromSeconds(5));
        Assert.False(await factory.WithDbAsync(db => db.SignInThrottles.AnyAsync(t => t.Key == key)));
        // Who reset whom, and never the code.
        var counselorId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Counselor).Select(u => u.Id).SingleAsync());
        var entry = await factory.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == AuditActions.PasswordReset && a.TargetId == student.Id.ToString()));
        Assert.Equal(counselorId, entry.ActorUserId);
        Assert.DoesNotContain(code, entry.Details ?? "");
        Assert.DoesNotContain(await factory.WithDbAsync(db => db.AuditLog.Select(a => a.Details ?? "").ToListAsync()), d => d.Contains(code, StringComparison.Ordinal));

        // The open session ends at the next security-stamp validation (every minute).
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await session.Http.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.AbsolutePath);

        using var again = factory.NewClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await again.SignInStudentAsync(student.StudentNumber, "MyOwnPass2026")).StatusCode);
        // The initial rule does not come back: a counselor who saw the record cannot sign in with it.
        Assert.NotEqual(HttpStatusCode.Redirect, (await again.SignInStudentAsync(student.StudentNumber, student.InitialPassword)).StatusCode);
        // Typed on a phone with full-width digits and a space: still the code.
        var fullWidth = string.Concat(code[..4].Select(c => (char)(c - '0' + '０'))) + " " + code[4..];
        var signIn = await again.SignInStudentAsync(student.StudentNumber, fullWidth);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        // Nothing else opens before the password is changed.
        var record = await again.Http.GetAsync("/me");
        Assert.Equal("/account/password", record.Headers.Location!.OriginalString);
        var set = await again.PostFormAsync("/account/password", [new("NewPassword", "AnotherOwn2026"), new("ConfirmPassword", "AnotherOwn2026")], "/account/password");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/me")).StatusCode);

        var changed = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.StudentId == student.Id));
        Assert.False(changed.MustChangePassword);
        Assert.Null(changed.PasswordExpiresAt);
        using var third = factory.NewClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await third.SignInStudentAsync(student.StudentNumber, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await third.SignInStudentAsync(student.StudentNumber, "AnotherOwn2026")).StatusCode);
    }

    [Fact]
    public async Task A_reset_code_is_refused_once_it_has_expired()
    {
        using var factory = new PortalFactory();
        var student = await TestStudents.AddAsync(factory, Econ1);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var code = await ResetAsync(counselor, student);

        factory.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        using var client = factory.NewClient();
        var signIn = await client.SignInStudentAsync(student.StudentNumber, code);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("账号或密码错误", await signIn.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_first_sign_in_before_any_reset_keeps_the_notices_rule()
    {
        using var factory = new PortalFactory();
        var student = await TestStudents.AddAsync(factory, Econ1);
        using var client = factory.NewClient();
        var signIn = await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
    }

    private static async Task<string> ResetAsync(PortalClient counselor, TestStudent student)
    {
        var detail = $"/tracking/students/{student.Id}";
        var (_, page) = await counselor.GetPageAsync(detail);
        Assert.NotNull(page.QuerySelector($"form[action^='{detail}/reset-password'][data-confirm]"));
        var response = await counselor.PostFormAsync($"{detail}/reset-password", [], detail);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        var shown = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return shown.QuerySelector("code.reset-code")!.TextContent.Trim();
    }
}

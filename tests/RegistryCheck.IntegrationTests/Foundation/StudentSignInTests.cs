using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Foundation;

public class StudentSignInTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("08105x")]
    [InlineData(" 08105X ")]
    [InlineData("０８１０５Ｘ")]
    [InlineData("08105Ｘ")]
    [InlineData("\u300008105x\u00a0")]
    public async Task The_initial_password_is_accepted_in_every_normalised_form(string typed)
    {
        using var client = factory.NewClient();
        var response = await client.SignInStudentAsync(DemoAccounts.Student2, typed);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/password", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(" 2026010001 ")]
    [InlineData("２０２６０１０００１")]
    [InlineData("2026 0100 01")]
    public async Task The_student_number_is_accepted_with_spaces_or_full_width_digits(string typed)
    {
        using var client = factory.NewClient();
        var response = await client.SignInStudentAsync(typed, DemoAccounts.Student1Initial);
        Assert.Equal("/account/password", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_student_number_get_the_same_message()
    {
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        var wrong = await client.FollowAsync(await client.SignInStudentAsync(student.StudentNumber, "000000"));
        var unknown = await client.FollowAsync(await client.SignInStudentAsync("2099999999", "000000"));
        var a = wrong.Page.QuerySelector(".errors")!.TextContent.Trim();
        var b = unknown.Page.QuerySelector(".errors")!.TextContent.Trim();
        Assert.Equal("账号或密码错误", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_a_time_to_try_again_even_for_the_right_password()
    {
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        for (var i = 0; i < 5; i++)
        {
            await client.SignInStudentAsync(student.StudentNumber, $"00000{i}");
        }

        var (_, page) = await client.FollowAsync(await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword));
        var message = page.QuerySelector(".errors")!.TextContent;
        Assert.Contains("已暂时锁定", message);
        Assert.Matches(@"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}", message);

        // After the lockout has run out, the right password works again.
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        Assert.Equal("/account/password", later.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_student_number_is_locked_exactly_like_a_real_one()
    {
        var real = await TestStudents.AddAsync(factory);

        var unknown = await LockedOutMessageAsync("2099888888");
        var known = await LockedOutMessageAsync(real.StudentNumber);

        Assert.Contains("已暂时锁定", unknown);
        // Same words, same unlock time: the page does not tell whether the number exists.
        Assert.Equal(known, unknown);
    }

    /// <summary>Five wrong passwords, then the page a sixth try shows (from a fresh client each time).</summary>
    private async Task<string> LockedOutMessageAsync(string studentNumber)
    {
        using var client = factory.NewClient();
        for (var i = 0; i < 5; i++)
        {
            await client.SignInStudentAsync(studentNumber, $"00000{i}");
        }

        var (_, page) = await client.FollowAsync(await client.SignInStudentAsync(studentNumber, "000009"));
        return page.QuerySelector(".errors")!.TextContent;
    }

    [Fact]
    public async Task Until_an_own_password_is_set_no_other_page_opens()
    {
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);

        var record = await client.Http.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, record.StatusCode);
        Assert.StartsWith("/account/password", record.Headers.Location?.OriginalString);
        var photo = await client.Http.GetAsync("/me/photo");
        Assert.StartsWith("/account/password", photo.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/help")).StatusCode);
    }

    [Theory]
    [InlineData("short1", "至少")]
    [InlineData("INITIAL", "不能是初始密码")]
    [InlineData("IDNUMBER", "不能是初始密码")]
    public async Task The_own_password_must_be_long_and_not_guessable_from_the_record(string kind, string expected)
    {
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        var password = kind switch { "INITIAL" => student.InitialPassword + "00", "IDNUMBER" => student.IdNumber, _ => kind };
        if (kind == "INITIAL")
        {
            // Eight characters that contain the ID number's last eight: as guessable as the initial password.
            password = student.IdNumber[^8..];
        }

        var (_, page) = await client.FollowAsync(await client.PostFormAsync("/account/password",
            [new("NewPassword", password), new("ConfirmPassword", password)], "/account/password"));
        Assert.Contains(expected, page.Body!.TextContent);
        Assert.Null(await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == student.StudentNumber).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task After_setting_an_own_password_the_initial_one_no_longer_works_and_the_own_one_does()
    {
        var student = await TestStudents.AddAsync(factory);
        using (var first = factory.NewClient())
        {
            await first.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword, "Blue-River-42");
            Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/me")).StatusCode);
        }

        using var client = factory.NewClient();
        var initial = await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        Assert.Equal(HttpStatusCode.OK, initial.StatusCode);
        var own = await client.SignInStudentAsync(student.StudentNumber, "Blue-River-42");
        Assert.Equal("/", own.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task Sign_ins_and_failures_are_audited_without_the_password()
    {
        var student = await TestStudents.AddAsync(factory);
        using var client = factory.NewClient();
        await client.SignInStudentAsync(student.StudentNumber, "999999");
        await client.SignInStudentAsync(student.StudentNumber, student.InitialPassword);
        // The refusal is counted and written by the background writer (ADR-019).
        await factory.Services.GetRequiredService<SignInRefusals>().FlushAsync(CancellationToken.None);
        var entries = await factory.WithDbAsync(db => db.AuditLog.Where(a => a.TargetId == student.StudentNumber || a.ActorName != null).ToListAsync());
        Assert.Contains(entries, e => e.Action == "sign-in-failed" && e.TargetId == student.StudentNumber && !e.Succeeded);
        Assert.DoesNotContain(entries, e => (e.Details ?? "").Contains("999999") || (e.Details ?? "").Contains(student.InitialPassword));
    }
}

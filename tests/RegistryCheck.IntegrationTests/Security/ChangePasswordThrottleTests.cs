using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>Change password: a hijacked session cannot guess the current password, and never skips it (issue 16).</summary>
public class ChangePasswordThrottleTests
{
    private const string Own = "MyOwnPass2026";

    [Fact]
    public async Task Five_wrong_current_passwords_lock_the_change_even_for_the_right_one()
    {
        using var factory = new PortalFactory();
        var (student, session) = await TestStudents.SignedInAsync(factory);
        var before = await HashAsync(factory, student.Id);

        for (var i = 1; i <= 5; i++)
        {
            var wrong = await ChangeAsync(session, "Guess" + i + "xyz", "BrandNew2026x");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var text = await wrong.Content.ReadAsStringAsync();
            Assert.Contains(i < 5 ? "当前密码不正确" : "已暂时锁定", text);
        }

        var right = await ChangeAsync(session, Own, "BrandNew2026x");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("当前密码错误次数过多", await right.Content.ReadAsStringAsync());
        Assert.Equal(before, await HashAsync(factory, student.Id));
        Assert.Equal(6, await factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "password-changed" && !a.Succeeded)));

        // The lock runs out like a sign-in lockout; then the right current password works.
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = await ChangeAsync(session, Own, "BrandNew2026x");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.NotEqual(before, await HashAsync(factory, student.Id));
    }

    [Fact]
    public async Task A_session_without_the_must_change_claim_must_prove_the_current_password_whatever_the_database_says()
    {
        using var factory = new PortalFactory();
        var (student, session) = await TestStudents.SignedInAsync(factory);
        // The account is back on the initial rule (as an old-style reset left it) while this session, signed in with
        // the own password, is still valid: it must not set a password without proof.
        await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.StudentId == student.Id);
            user.PasswordHash = null;
            await db.SaveChangesAsync();
        });

        var response = await ChangeAsync(session, "not-the-initial", "Hijacked2026x");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await HashAsync(factory, student.Id));

        // The proof for an account without an own password is the initial password.
        var proven = await ChangeAsync(session, student.InitialPassword, "Proven2026xyz");
        Assert.Equal(HttpStatusCode.Redirect, proven.StatusCode);
        Assert.NotNull(await HashAsync(factory, student.Id));
    }

    private static Task<HttpResponseMessage> ChangeAsync(PortalClient client, string current, string next) =>
        client.PostFormAsync("/account/password",
            [new("CurrentPassword", current), new("NewPassword", next), new("ConfirmPassword", next)], "/account/password");

    private static Task<string?> HashAsync(PortalFactory factory, int studentId) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.StudentId == studentId).Select(u => u.PasswordHash).SingleAsync());
}

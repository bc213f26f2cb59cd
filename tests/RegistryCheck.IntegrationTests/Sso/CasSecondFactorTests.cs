using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Sso;

/// <summary>
/// Security:TwoFactor:AlsoForSso: an enrolled staff member's campus sign-in also passes the portal's code step, and
/// the session issued after it is still the campus session that single logout ends. Codes are accepted once.
/// </summary>
public sealed class CasSecondFactorTests : IAsyncLifetime
{
    private CasServerStandIn _cas = null!;
    private CasPortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        _cas = await CasServerStandIn.StartAsync();
        _portal = new CasPortalFactory(_cas, new() { ["Security:TwoFactor:AlsoForSso"] = "true" });
    }

    public async Task DisposeAsync()
    {
        _portal.Dispose();
        await _cas.DisposeAsync();
    }

    /// <summary>Enrols the demo counselor's authenticator directly, as the enrolment page would; returns the key.</summary>
    private async Task<string> EnrolCounselorAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(DemoAccounts.Counselor))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        await users.SetLockoutEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private static Task<HttpResponseMessage> VerifyAsync(PortalClient client, string code) =>
        client.PostFormAsync("/account/two-factor/verify", [new("Code", code), new("ReturnUrl", "/")], "/account/staff-sign-in");

    [Fact]
    public async Task A_campus_sign_in_asks_for_the_code_and_single_logout_still_ends_the_session_issued_after_it()
    {
        var key = await EnrolCounselorAsync();
        using var portal = _portal.NewClient();
        var back = await CasJourney.SignInAtCasAsync(await CasJourney.StartAsync(portal), DemoAccounts.Counselor);
        var callback = await portal.Http.GetAsync(back.PathAndQuery);
        var complete = await portal.Http.GetAsync(callback.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, complete.StatusCode);
        Assert.StartsWith("/account/two-factor/verify", complete.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // The campus sign-in alone signs nobody in.
        Assert.Equal(HttpStatusCode.Redirect, (await portal.Http.GetAsync("/staff")).StatusCode);
        Assert.Equal(0, await _portal.WithDbAsync(db => db.UserSessions.CountAsync()));

        var ok = await VerifyAsync(portal, Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetPageAsync("/staff")).Response.StatusCode);
        var session = await _portal.WithDbAsync(db => db.UserSessions.SingleAsync());
        Assert.Equal("cas", session.Method, ignoreCase: true);
        Assert.NotNull(session.SsoSessionHash);
        Assert.True(await _portal.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "sso-sign-in" && a.Details!.Contains("second factor"))));

        using var casBackChannel = _portal.NewClient();
        var logout = await CasServerStandIn.SendLogoutAsync(casBackChannel.Http, "/signin-cas", CasJourney.TicketOf(back));
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.GetPageAsync("/staff")).Response.StatusCode);
    }

    [Fact]
    public async Task An_authenticator_code_is_accepted_once_a_second_sign_in_with_it_is_refused()
    {
        var key = await EnrolCounselorAsync();
        var code = Totp.Code(key, DateTimeOffset.UtcNow);

        using var first = _portal.NewClient();
        Assert.StartsWith("/account/two-factor/verify", (await first.SignInStaffAsync(DemoAccounts.Counselor, DemoAccounts.CounselorPassword)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await VerifyAsync(first, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetPageAsync("/staff")).Response.StatusCode);

        // Someone who has the password and saw the code replays it within its window.
        using var replay = _portal.NewClient();
        Assert.StartsWith("/account/two-factor/verify", (await replay.SignInStaffAsync(DemoAccounts.Counselor, DemoAccounts.CounselorPassword)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var refused = await VerifyAsync(replay, code);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("验证码不正确", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await replay.Http.GetAsync("/staff")).StatusCode);
        Assert.True(await _portal.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "two-factor-failed")));
    }
}

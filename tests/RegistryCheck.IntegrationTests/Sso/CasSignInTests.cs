using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Sso;

/// <summary>A portal whose CAS server is the stand-in; Portal:PublicOrigin is the test client's https://localhost.</summary>
public class CasPortalFactory : PortalFactory
{
    public CasServerStandIn Cas { get; }
    private readonly Dictionary<string, string?> _extra;

    public CasPortalFactory(CasServerStandIn cas, Dictionary<string, string?>? extra = null)
    {
        Cas = cas;
        _extra = extra ?? [];
        // The correlation and state cookies expire by the portal's clock, the test client's cookie jar drops them by
        // the real one: the two must agree, as they do on a server.
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    public const string ServiceUrl = "https://localhost/signin-cas";

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Portal:PublicOrigin"] = "https://localhost",
                ["Authentication:Cas:ServerUrl"] = Cas.BaseUrl,
            };
            foreach (var (k, v) in _extra)
            {
                settings[k] = v;
            }

            return settings;
        }
    }
}

/// <summary>The browser's side of a CAS round trip: the portal's button, the CAS form, back to the portal.</summary>
public static class CasJourney
{
    /// <summary>Clicks the portal's campus sign-in button; returns the CAS login URL the browser is sent to.</summary>
    public static async Task<Uri> StartAsync(PortalClient portal, string from = "/account/staff-sign-in")
    {
        var (_, page) = await portal.GetPageAsync(from);
        var form = page.QuerySelector("form[action='/account/sso/cas']") ?? throw new InvalidOperationException("No campus sign-in button on " + from);
        var start = await portal.Http.PostAsync("/account/sso/cas", new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.Token(page)), new("returnUrl", "")]));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        _ = form;
        return start.Headers.Location!;
    }

    /// <summary>Signs in at the CAS server (the stand-in's form) and returns the service URL with the ticket it redirects to.</summary>
    public static async Task<Uri> SignInAtCasAsync(Uri login, string user)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(login);
        Assert.Contains("<form method=\"post\"", page);
        var posted = await browser.PostAsync(login, new FormUrlEncodedContent([new("username", user), new("password", "campus-password")]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return posted.Headers.Location!;
    }

    /// <summary>The whole trip; returns the portal's answer after the callback's redirects.</summary>
    public static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> SignInAsync(PortalClient portal, string user, string from = "/account/staff-sign-in")
    {
        var back = await SignInAtCasAsync(await StartAsync(portal, from), user);
        return await portal.FollowAsync(await portal.Http.GetAsync(back.PathAndQuery));
    }

    public static string TicketOf(Uri serviceWithTicket) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(serviceWithTicket.Query)["ticket"].ToString();
}

public sealed class CasFixture : IAsyncLifetime
{
    public CasServerStandIn Cas { get; private set; } = null!;
    public CasPortalFactory Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cas = await CasServerStandIn.StartAsync();
        Portal = new CasPortalFactory(Cas);
        Cas.Attributes["counselor"] = new() { ["employeeNumber"] = "T0001", ["displayName"] = "张老师" };
    }

    public async Task DisposeAsync()
    {
        Portal.Dispose();
        await Cas.DisposeAsync();
    }
}

/// <summary>CAS 3.0 (the default) through the real handler against the stand-in on 127.0.0.1.</summary>
public sealed class CasSignInTests(CasFixture fixture) : IClassFixture<CasFixture>
{
    private CasPortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task The_button_sends_the_browser_to_cas_login_with_the_service_url_from_the_public_origin_not_the_host_header()
    {
        using var portal = Portal.NewClient();
        var (_, page) = await portal.GetPageAsync("/account/staff-sign-in");
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/sso/cas")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.Token(page))]),
        };
        request.Headers.Host = "evil.example";
        var start = await portal.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal($"{fixture.Cas.BaseUrl}/login?service={Uri.EscapeDataString(CasPortalFactory.ServiceUrl)}", start.Headers.Location!.AbsoluteUri);
        var (signInPage, studentPage) = await portal.GetPageAsync("/account/sign-in");
        Assert.Contains("统一身份认证登录", studentPage.Body!.TextContent);
        // Browsers apply form-action to the redirect after the button's post: the CAS server must be allowed, nothing else.
        Assert.Contains($"form-action 'self' {new Uri(fixture.Cas.BaseUrl).GetLeftPart(UriPartial.Authority)};",
            signInPage.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_counselor_signs_in_through_cas_3_and_lands_on_the_staff_hub()
    {
        using var portal = Portal.NewClient();
        var before = fixture.Cas.Validations.Count;
        var (response, page) = await CasJourney.SignInAsync(portal, "counselor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/staff", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("工作台", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("/cas/p3/serviceValidate", fixture.Cas.Validations.Skip(before).Single());
        var session = await Portal.WithDbAsync(db => db.UserSessions.Where(s => s.Method == "cas").OrderByDescending(s => s.Id).FirstAsync());
        Assert.NotNull(session.SsoSessionHash);
        Assert.True(await Portal.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "sso-sign-in" && a.Details == "cas")));
    }

    [Fact]
    public async Task Student_2026010001_signs_in_through_cas_and_lands_on_the_record_page_without_the_initial_password_step()
    {
        using var portal = Portal.NewClient();
        var (response, page) = await CasJourney.SignInAsync(portal, DemoAccounts.Student1, from: "/account/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/me", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(DemoAccounts.Student1, page.Body!.TextContent);
        // No local password was set or required.
        Assert.Null(await Portal.WithDbAsync(db => db.Users.Where(u => u.UserName == DemoAccounts.Student1).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task An_unknown_campus_user_is_refused_with_a_page_that_says_whom_to_ask_and_the_try_is_audited()
    {
        using var portal = Portal.NewClient();
        var (response, page) = await CasJourney.SignInAsync(portal, "nobody.here");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("尚未在学籍信息核对系统中开通", page.QuerySelector("#sso-refused")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.GetPageAsync("/staff")).Response.StatusCode);
        Assert.True(await Portal.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "sso-refused" && a.TargetId == "nobody.here" && !a.Succeeded)));
    }

    [Fact]
    public async Task A_ticket_the_cas_server_does_not_know_signs_nobody_in()
    {
        using var portal = Portal.NewClient();
        await CasJourney.StartAsync(portal);
        var (response, page) = await portal.FollowAsync(await portal.Http.GetAsync("/signin-cas?ticket=ST-forged-1"));

        Assert.Equal("/account/sso/failed", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("未能确认您的登录", page.Body!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.GetPageAsync("/staff")).Response.StatusCode);
        Assert.True(await Portal.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "sso-refused" && a.Details!.Contains("INVALID_TICKET"))));
    }

    [Fact]
    public async Task A_ticket_issued_for_another_service_is_refused()
    {
        using var portal = Portal.NewClient();
        await CasJourney.StartAsync(portal);
        var ticket = fixture.Cas.IssueTicket("counselor", "https://other-system.example.edu.cn/signin-cas");
        var (response, _) = await portal.FollowAsync(await portal.Http.GetAsync("/signin-cas?ticket=" + ticket));

        Assert.Equal("/account/sso/failed", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.GetPageAsync("/staff")).Response.StatusCode);
    }

    [Fact]
    public async Task A_replayed_ticket_is_refused_by_the_portal_itself_even_when_the_cas_server_would_accept_it()
    {
        fixture.Cas.AllowReplay = true;
        try
        {
            using var first = Portal.NewClient();
            var back = await CasJourney.SignInAtCasAsync(await CasJourney.StartAsync(first), "counselor");
            var (signedIn, _) = await first.FollowAsync(await first.Http.GetAsync(back.PathAndQuery));
            Assert.Equal("/staff", signedIn.RequestMessage!.RequestUri!.AbsolutePath);

            // Someone who saw the URL (history, a proxy log) tries it in their own browser.
            using var second = Portal.NewClient();
            await CasJourney.StartAsync(second);
            var validations = fixture.Cas.Validations.Count;
            var (replayed, _) = await second.FollowAsync(await second.Http.GetAsync(back.PathAndQuery));

            Assert.Equal("/account/sso/failed", replayed.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Equal(validations, fixture.Cas.Validations.Count);
            Assert.Equal(HttpStatusCode.Redirect, (await second.GetPageAsync("/staff")).Response.StatusCode);
        }
        finally
        {
            fixture.Cas.AllowReplay = false;
        }
    }

    [Fact]
    public async Task A_callback_without_the_browsers_own_state_cookie_signs_nobody_in()
    {
        // Login CSRF: an attacker's valid ticket pushed into a victim's browser that never started a sign-in.
        using var victim = Portal.NewClient();
        var ticket = fixture.Cas.IssueTicket("counselor", CasPortalFactory.ServiceUrl);
        var (response, _) = await victim.FollowAsync(await victim.Http.GetAsync("/signin-cas?ticket=" + ticket));

        Assert.Equal("/account/sso/failed", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await victim.GetPageAsync("/staff")).Response.StatusCode);
    }

    [Fact]
    public async Task Single_logout_from_cas_ends_that_portal_session_and_only_for_a_ticket_the_portal_knows()
    {
        using var portal = Portal.NewClient();
        var back = await CasJourney.SignInAtCasAsync(await CasJourney.StartAsync(portal), "counselor2");
        await portal.FollowAsync(await portal.Http.GetAsync(back.PathAndQuery));
        Assert.Equal(HttpStatusCode.OK, (await portal.GetPageAsync("/staff")).Response.StatusCode);

        // The CAS server's back channel: an anonymous POST without cookies or antiforgery token.
        using var casBackChannel = Portal.NewClient();
        var unknown = await CasServerStandIn.SendLogoutAsync(casBackChannel.Http, "/signin-cas", "ST-never-issued");
        var hostile = await casBackChannel.Http.PostAsync("/signin-cas", new FormUrlEncodedContent([new("logoutRequest", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>&e;</samlp:SessionIndex></samlp:LogoutRequest>")]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetPageAsync("/staff")).Response.StatusCode);

        var logout = await CasServerStandIn.SendLogoutAsync(casBackChannel.Http, "/signin-cas", CasJourney.TicketOf(back));

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var after = (await portal.GetPageAsync("/staff")).Response;
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.True(await Portal.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "sso-single-logout" && a.Succeeded)));
    }

    [Fact]
    public async Task A_disabled_staff_account_is_refused()
    {
        await Portal.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "college2");
            user.IsDisabled = true;
            await db.SaveChangesAsync();
        });
        using var portal = Portal.NewClient();
        var (response, page) = await CasJourney.SignInAsync(portal, "college2");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("已停用", page.QuerySelector("#sso-refused")!.TextContent);
    }
}

/// <summary>CAS 2.0 (/serviceValidate, no attributes), and 3.0 with the user name taken from an attribute.</summary>
public sealed class CasProtocolVariantTests : IAsyncLifetime
{
    private CasServerStandIn _cas = null!;

    public async Task InitializeAsync() => _cas = await CasServerStandIn.StartAsync();

    public async Task DisposeAsync() => await _cas.DisposeAsync();

    [Fact]
    public async Task Protocol_2_validates_at_serviceValidate()
    {
        using var factory = new CasPortalFactory(_cas, new() { ["Authentication:Cas:Protocol"] = "2" });
        using var portal = factory.NewClient();
        var (response, _) = await CasJourney.SignInAsync(portal, "registrar");

        Assert.Equal("/staff", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(["/cas/serviceValidate"], _cas.Validations.ToArray());
    }

    [Fact]
    public async Task The_configured_attribute_carries_the_user_name_and_a_missing_attribute_signs_nobody_in()
    {
        _cas.Attributes["zhang.san"] = new() { ["gh"] = "counselor" };
        using var factory = new CasPortalFactory(_cas, new() { ["Authentication:Cas:UserAttribute"] = "gh", ["Authentication:Cas:Students"] = "false" });
        using var portal = factory.NewClient();
        var (response, _) = await CasJourney.SignInAsync(portal, "zhang.san");
        Assert.Equal("/staff", response.RequestMessage!.RequestUri!.AbsolutePath);

        // cas:user is a valid staff name, but the attribute is what counts: without it nobody signs in.
        using var other = factory.NewClient();
        var (missing, _) = await CasJourney.SignInAsync(other, "registrar");
        Assert.Equal("/account/sso/failed", missing.RequestMessage!.RequestUri!.AbsolutePath);

        // Students: false — a 学号 from the campus maps to nobody.
        _cas.Attributes["s1"] = new() { ["gh"] = DemoAccounts.Student1 };
        using var student = factory.NewClient();
        var (refused, _) = await CasJourney.SignInAsync(student, "s1", from: "/account/sign-in");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Without_a_cas_server_there_is_no_button_and_no_cas_endpoint()
    {
        using var factory = new PortalFactory();
        using var portal = factory.NewClient();
        var (_, page) = await portal.GetPageAsync("/account/sign-in");
        Assert.Null(page.QuerySelector("form[action='/account/sso/cas']"));
        var start = await portal.Http.PostAsync("/account/sso/cas", new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.Token(page))]));
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
    }
}

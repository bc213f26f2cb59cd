using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Sso;

public sealed class OidcFixture : IAsyncLifetime
{
    public OidcProviderStandIn Provider { get; private set; } = null!;
    public OidcPortalFactory Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await OidcProviderStandIn.StartAsync("https://localhost/signin-oidc");
        Portal = new OidcPortalFactory(Provider.Authority);
    }

    public async Task DisposeAsync()
    {
        Portal.Dispose();
        await Provider.DisposeAsync();
    }
}

public sealed class OidcPortalFactory : PortalFactory
{
    private readonly string authority;

    public OidcPortalFactory(string authority)
    {
        this.authority = authority;
        // Nonce and correlation cookies expire by the portal's clock; the cookie jar drops them by the real one.
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Portal:PublicOrigin"] = "https://localhost",
        ["Authentication:Oidc:Authority"] = authority,
        ["Authentication:Oidc:ClientId"] = OidcProviderStandIn.ClientId,
        ["Authentication:Oidc:ClientSecret"] = OidcProviderStandIn.ClientSecret,
        ["Authentication:Oidc:DisplayName"] = "校园统一身份认证",
    };
}

/// <summary>OpenID Connect against a real provider (OpenIddict) on 127.0.0.1: code flow with PKCE, the claim mapping, an unknown user.</summary>
public sealed class OidcSignInTests(OidcFixture fixture) : IClassFixture<OidcFixture>
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Portal button → provider's login form → provider's form_post back to /signin-oidc → the portal's redirects.</summary>
    private async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> SignInAsync(PortalClient portal, string user)
    {
        var (_, page) = await portal.GetPageAsync("/account/staff-sign-in");
        Assert.NotNull(page.QuerySelector("form[action='/account/sso/oidc']"));
        var start = await portal.Http.PostAsync("/account/sso/oidc", new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.Token(page))]));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Authority + "connect/authorize", authorize.AbsoluteUri, StringComparison.Ordinal);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true, CookieContainer = new CookieContainer() });
        var login = await browser.GetAsync(authorize);
        Assert.Contains("Campus IdP", await login.Content.ReadAsStringAsync());
        var posted = await browser.PostAsync(login.RequestMessage!.RequestUri, new FormUrlEncodedContent([new("username", user), new("password", "x")]));
        // OpenIddict answers with an auto-posting form (response_mode=form_post) aimed at the portal's redirect URI.
        var form = Parser.ParseDocument(await posted.Content.ReadAsStringAsync()).QuerySelector("form")!;
        Assert.Equal("https://localhost/signin-oidc", form.GetAttribute("action"));
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!));
        var callback = await portal.Http.PostAsync("/signin-oidc", new FormUrlEncodedContent(fields));
        return await portal.FollowAsync(callback);
    }

    [Fact]
    public async Task The_challenge_uses_the_code_flow_with_pkce_and_the_redirect_uri_from_the_public_origin()
    {
        using var portal = fixture.Portal.NewClient();
        var (_, page) = await portal.GetPageAsync("/account/staff-sign-in");
        var start = await portal.Http.PostAsync("/account/sso/oidc", new FormUrlEncodedContent([new("__RequestVerificationToken", PortalClient.Token(page))]));
        var query = QueryHelpers.ParseQuery(start.Headers.Location!.Query);

        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["code_challenge"].ToString()));
        Assert.Equal("https://localhost/signin-oidc", query["redirect_uri"].ToString());
        Assert.Equal(OidcProviderStandIn.ClientId, query["client_id"].ToString());
    }

    [Fact]
    public async Task The_demo_counselor_signs_in_through_the_provider_and_lands_on_the_staff_hub()
    {
        using var portal = fixture.Portal.NewClient();
        var (response, page) = await SignInAsync(portal, "counselor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/staff", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("工作台", page.QuerySelector("h1")!.TextContent);
        Assert.True(await fixture.Portal.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.UserSessions, s => s.Method == "oidc")));
    }

    [Fact]
    public async Task The_preferred_username_maps_to_a_students_number()
    {
        using var portal = fixture.Portal.NewClient();
        var (response, _) = await SignInAsync(portal, DemoAccounts.Student2);

        Assert.Equal("/me", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task An_unknown_campus_user_is_refused()
    {
        using var portal = fixture.Portal.NewClient();
        var (response, page) = await SignInAsync(portal, "visiting.scholar");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(page.QuerySelector("#sso-refused"));
        Assert.Equal(HttpStatusCode.Redirect, (await portal.GetPageAsync("/staff")).Response.StatusCode);
    }
}

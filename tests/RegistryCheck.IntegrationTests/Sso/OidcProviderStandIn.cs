using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RegistryCheck.IntegrationTests.Sso;

/// <summary>
/// A real OpenID Connect provider (OpenIddict 7.8 server) on 127.0.0.1: a login form, the authorization endpoint
/// (code flow, PKCE required), the token and user-info endpoints, with the portal registered as a confidential client.
/// </summary>
public sealed class OidcProviderStandIn : IAsyncDisposable
{
    public const string ClientId = "registrycheck";
    public const string ClientSecret = "test-client-secret-0123456789";

    private readonly WebApplication _app;
    private readonly SqliteConnection _store = new("Data Source=:memory:");

    public string Authority { get; private set; } = "";

    /// <summary>Authorization requests seen (their query), to check PKCE and the redirect URI.</summary>
    public List<string> AuthorizationRequests { get; } = [];

    private OidcProviderStandIn(string redirectUri)
    {
        _store.Open();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddDbContext<ProviderDb>(o => o.UseSqlite(_store).UseOpenIddict());
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => { o.LoginPath = "/login"; o.Cookie.Name = "idp"; });
        builder.Services.AddAuthorization();
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetUserInfoEndpointUris("connect/userinfo");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        _app = builder.Build();
        _app.UseAuthentication();
        _app.MapGet("/login", (string? returnUrl) => Results.Content(
            $"""<!DOCTYPE html><html><body><h1>Campus IdP</h1><form method="post" action="/login?returnUrl={Uri.EscapeDataString(returnUrl ?? "/")}"><input name="username" id="username"><input name="password" id="password" type="password"><button type="submit" id="idp-submit">登录</button></form></body></html>""",
            "text/html; charset=utf-8"));
        _app.MapPost("/login", async (HttpContext context, string? returnUrl) =>
        {
            var form = await context.Request.ReadFormAsync();
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, form["username"].ToString())], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(returnUrl ?? "/");
        });
        _app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext context) =>
        {
            AuthorizationRequests.Add(context.Request.QueryString.Value ?? "");
            var request = context.GetOpenIddictServerRequest()!;
            var user = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!user.Succeeded)
            {
                return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString }, [CookieAuthenticationDefaults.AuthenticationScheme]);
            }

            var name = user.Principal!.Identity!.Name!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "campus-" + name).SetClaim(Claims.PreferredUsername, name).SetClaim("employee_number", "E-" + name);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        _app.MapMethods("/connect/userinfo", ["GET", "POST"], async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var principal = result.Principal!;
            return Results.Json(new Dictionary<string, string?>
            {
                [Claims.Subject] = principal.GetClaim(Claims.Subject),
                [Claims.PreferredUsername] = principal.GetClaim(Claims.PreferredUsername),
                ["employee_number"] = principal.GetClaim("employee_number"),
            });
        });
        _redirectUri = redirectUri;
    }

    private readonly string _redirectUri;

    public static async Task<OidcProviderStandIn> StartAsync(string redirectUri)
    {
        var provider = new OidcProviderStandIn(redirectUri);
        await using (var scope = provider._app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
            var apps = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await apps.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                RedirectUris = { new Uri(provider._redirectUri) },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            });
        }

        await provider._app.StartAsync();
        provider.Authority = provider._app.Urls.First().TrimEnd('/') + "/";
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}

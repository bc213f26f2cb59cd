using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RegistryCheck.Web.Infrastructure.Portal;

namespace RegistryCheck.Web.Infrastructure.Sso;

public static class OidcSetup
{
    /// <summary>
    /// OpenID Connect with the authorization code flow and PKCE. The scheme is always registered (so settings are read
    /// when the options are built) but handles requests only when Authentication:Oidc:Authority is set. The redirect
    /// URI is Portal:PublicOrigin + /signin-oidc, not the request's host.
    /// </summary>
    public static AuthenticationBuilder AddPortalOidc(this AuthenticationBuilder builder, bool development)
    {
        builder.Services.AddOptions<OidcSettings>().BindConfiguration(OidcSettings.Section);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        builder.Services.AddOptions<OpenIdConnectOptions>(OidcSettings.Scheme)
            .Configure<IOptions<OidcSettings>, IOptions<PortalOptions>>((o, settings, portal) => Configure(o, settings.Value, portal.Value, development));
        return builder.AddRemoteScheme<OpenIdConnectOptions, PortalOidcHandler>(OidcSettings.Scheme, "OpenID Connect", null);
    }

    private static void Configure(OpenIdConnectOptions o, OidcSettings settings, PortalOptions portal, bool development)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        // Unconfigured: placeholders that satisfy validation; PortalOidcHandler never acts on them.
        o.Authority = settings.Enabled ? settings.Authority : "https://oidc.invalid/";
        o.ClientId = string.IsNullOrEmpty(settings.ClientId) ? "unconfigured" : settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.SaveTokens = false;
        o.CallbackPath = "/signin-oidc";
        // Plain http only for a provider on this machine (tests, a trial); a campus provider is https.
        o.RequireHttpsMetadata = !(Uri.TryCreate(o.Authority, UriKind.Absolute, out var a) && a.IsLoopback);
        o.CorrelationCookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        o.NonceCookie.SecurePolicy = o.CorrelationCookie.SecurePolicy;
        var redirect = portal.UrlOf("/signin-oidc");
        if (settings.Enabled && redirect is null)
        {
            throw new InvalidOperationException("Authentication:Oidc:Authority is set but Portal:PublicOrigin is not: the redirect URI is built from it.");
        }

        o.Events.OnRedirectToIdentityProvider = context =>
        {
            if (redirect is not null)
            {
                // The handler stores this value for the code redemption after the event, so both use the public origin.
                context.ProtocolMessage.RedirectUri = redirect;
            }

            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = SsoFailure.HandleAsync;
    }

    private sealed class PortalOidcHandler(IOptionsMonitor<OpenIdConnectOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.HtmlEncoder html, System.Text.Encodings.Web.UrlEncoder url, IOptionsMonitor<OidcSettings> settings)
        : OpenIdConnectHandler(options, logger, html, url)
    {
        public override Task<bool> ShouldHandleRequestAsync() =>
            settings.CurrentValue.Enabled ? base.ShouldHandleRequestAsync() : Task.FromResult(false);
    }
}

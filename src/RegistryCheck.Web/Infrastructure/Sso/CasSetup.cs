using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RegistryCheck.Web.Infrastructure.Portal;

namespace RegistryCheck.Web.Infrastructure.Sso;

public static class CasSetup
{
    /// <summary>
    /// Registers the "cas" scheme always; it handles requests only when Authentication:Cas:ServerUrl is set. Settings
    /// are read when the options are built, so test and environment settings count.
    /// </summary>
    public static AuthenticationBuilder AddCas(this AuthenticationBuilder builder, bool development)
    {
        builder.Services.TryAddScoped<ICasTicketLedger, CasTicketLedger>();
        builder.Services.AddOptions<CasOptions>(CasOptions.Scheme)
            .BindConfiguration(CasOptions.Section)
            .Configure<IOptions<PortalOptions>>((o, portal) => o.ServiceUrl = portal.Value.UrlOf(o.CallbackPath));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CasOptions>, CasPostConfigure>());
        return builder.AddRemoteScheme<CasOptions, CasHandler>(CasOptions.Scheme, "统一身份认证", o =>
        {
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.Events.OnRemoteFailure = SsoFailure.HandleAsync;
            o.CorrelationCookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
    }

    private sealed class CasPostConfigure(IDataProtectionProvider protection) : IPostConfigureOptions<CasOptions>
    {
        public void PostConfigure(string? name, CasOptions options)
        {
            options.StateDataFormat ??= new PropertiesDataFormat(protection.CreateProtector(typeof(CasHandler).FullName!, name ?? "", "v1"));
            options.Backchannel ??= new HttpClient(options.BackchannelHttpHandler ?? new HttpClientHandler())
            {
                Timeout = options.BackchannelTimeout,
                MaxResponseContentBufferSize = options.MaxResponseBytes,
            };
        }
    }
}

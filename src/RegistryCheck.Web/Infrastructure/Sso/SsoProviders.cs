using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Infrastructure.Sso;

public sealed record SsoProvider(string Scheme, string DisplayName, bool Students);

/// <summary>The campus sign-ins that are configured, for the sign-in pages' buttons and the SSO feature.</summary>
public sealed class SsoProviders(IOptionsMonitor<CasOptions> cas, IOptionsMonitor<OidcSettings> oidc)
{
    public IReadOnlyList<SsoProvider> Enabled
    {
        get
        {
            var list = new List<SsoProvider>(2);
            var c = cas.Get(CasOptions.Scheme);
            if (c.Enabled)
            {
                list.Add(new SsoProvider(CasOptions.Scheme, c.DisplayName, c.Students));
            }

            var o = oidc.CurrentValue;
            if (o.Enabled)
            {
                list.Add(new SsoProvider(OidcSettings.Scheme, o.DisplayName, o.Students));
            }

            return list;
        }
    }

    /// <summary>The origins (scheme://host:port) of the configured campus servers, for the CSP's form-action.</summary>
    public IEnumerable<string> Origins =>
        new[] { cas.Get(CasOptions.Scheme) is { Enabled: true } c ? c.ServerUrl : null, oidc.CurrentValue is { Enabled: true } o ? o.Authority : null }
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out _))
            .Select(u => new Uri(u!).GetLeftPart(UriPartial.Authority));

    public SsoProvider? Find(string scheme) => Enabled.FirstOrDefault(p => p.Scheme == scheme);

    /// <summary>The claim of the external principal that carries the campus user name.</summary>
    public string UserNameClaimOf(string scheme) =>
        scheme == OidcSettings.Scheme ? oidc.CurrentValue.UserNameClaim : System.Security.Claims.ClaimTypes.NameIdentifier;
}

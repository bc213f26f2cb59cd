using Microsoft.AspNetCore.Authentication;

namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>
/// Settings "Authentication:Cas" (a contract with the campus IT office, issue 18): ServerUrl, Protocol (2 or 3),
/// DisplayName, UserAttribute, Students. The service URL is <c>Portal:PublicOrigin</c> + <see cref="RemoteAuthenticationOptions.CallbackPath"/>.
/// </summary>
public sealed class CasOptions : RemoteAuthenticationOptions
{
    public const string Scheme = "cas";
    public const string Section = "Authentication:Cas";

    public CasOptions()
    {
        CallbackPath = "/signin-cas";
        // The CAS round trip is a person typing a password: ten minutes, as for the correlation cookie.
        RemoteAuthenticationTimeout = TimeSpan.FromMinutes(10);
        Events = new RemoteAuthenticationEvents();
    }

    /// <summary>The CAS server's base URL, e.g. https://cas.example.edu.cn/cas. Empty: CAS is off.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>2 (/serviceValidate, user only) or 3 (/p3/serviceValidate, with attributes).</summary>
    public int Protocol { get; set; } = 3;

    public string DisplayName { get; set; } = "统一身份认证";

    /// <summary>Empty: the campus user name is cas:user; else the 3.0 attribute that carries it (学号/工号).</summary>
    public string? UserAttribute { get; set; }

    /// <summary>Whether a campus user name may also map to a student's 学号 (staff accounts always).</summary>
    public bool Students { get; set; } = true;

    /// <summary>The absolute service URL, set from Portal:PublicOrigin when the options are built.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Bytes of a validation answer read at most.</summary>
    public int MaxResponseBytes { get; set; } = CasXml.MaxCharacters;

    /// <summary>Protects the challenge's properties in the state cookie (set by <see cref="CasSetup"/>).</summary>
    public ISecureDataFormat<AuthenticationProperties> StateDataFormat { get; set; } = null!;

    public bool Enabled => !string.IsNullOrWhiteSpace(ServerUrl);

    public override void Validate()
    {
        base.Validate();
        if (Enabled && string.IsNullOrEmpty(ServiceUrl))
        {
            throw new InvalidOperationException("Authentication:Cas:ServerUrl is set but Portal:PublicOrigin is not: the CAS service URL is built from it.");
        }

        if (Protocol is not (2 or 3))
        {
            throw new InvalidOperationException("Authentication:Cas:Protocol must be 2 or 3.");
        }
    }
}

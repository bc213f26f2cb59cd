namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>Settings "Authentication:Oidc" (issue 18's contract). Authority empty: OpenID Connect is off.</summary>
public sealed class OidcSettings
{
    public const string Scheme = "oidc";
    public const string Section = "Authentication:Oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = "统一身份认证";

    /// <summary>The ID-token or user-info claim that carries the campus user name.</summary>
    public string UserNameClaim { get; set; } = "preferred_username";

    public bool Students { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

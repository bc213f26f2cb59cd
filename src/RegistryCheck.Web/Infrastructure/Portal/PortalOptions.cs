namespace RegistryCheck.Web.Infrastructure.Portal;

/// <summary>The "Portal" settings section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The portal's public address as people reach it, e.g. <c>https://xj.example.edu.cn</c> (a path base such as
    /// <c>https://www.example.edu.cn/xj</c> is allowed). Every absolute URL the portal hands to another system — the
    /// CAS service URL, the OIDC redirect URI, links in messages — is built from it, never from the request's Host
    /// header, which a client chooses.
    /// </summary>
    public string? PublicOrigin { get; set; }

    /// <summary>The origin without a trailing slash, or null when not set. Throws on a value that is not an absolute http(s) URL.</summary>
    public string? NormalizedOrigin()
    {
        if (string.IsNullOrWhiteSpace(PublicOrigin))
        {
            return null;
        }

        if (!Uri.TryCreate(PublicOrigin.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException("Portal:PublicOrigin must be an absolute http(s) URL without query, e.g. https://xj.example.edu.cn");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>An absolute URL of a path of the portal, or null when <see cref="PublicOrigin"/> is not set.</summary>
    public string? UrlOf(string path) => NormalizedOrigin() is { } origin ? origin + path : null;
}

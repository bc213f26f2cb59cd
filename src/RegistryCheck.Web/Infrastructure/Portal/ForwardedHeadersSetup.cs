using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RegistryCheck.Web.Infrastructure.Portal;

/// <summary>
/// Which proxies' X-Forwarded-For and X-Forwarded-Proto are believed: <c>Portal:KnownProxies</c>, a comma-separated
/// list of addresses (<c>172.28.0.10</c>) and networks (<c>172.28.0.0/24</c>, for a proxy whose address a container
/// network assigns). Loopback stays trusted (a proxy on the same machine).
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Setting = "Portal:KnownProxies";

    public static void Configure(ForwardedHeadersOptions options, string? knownProxies)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var entry in (knownProxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }
    }

    /// <summary>True when the peer is a proxy whose forwarded headers are believed.</summary>
    public static bool IsTrusted(ForwardedHeadersOptions options, IPAddress peer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(peer);
        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        return options.KnownProxies.Contains(address) || options.KnownProxies.Contains(peer)
            || options.KnownIPNetworks.Any(n => n.Contains(address) || n.Contains(peer));
    }
}

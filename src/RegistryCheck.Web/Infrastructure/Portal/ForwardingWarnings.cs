using System.Collections.Concurrent;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace RegistryCheck.Web.Infrastructure.Portal;

/// <summary>
/// Production warnings for a proxy set-up that would put every student behind one address (issue 16): the
/// per-address sign-in limit would then lock everyone out at once. At start-up when <c>Portal:KnownProxies</c> is
/// empty, and once per peer address that sends X-Forwarded-For without being a known proxy (its header is ignored).
/// </summary>
public sealed class ForwardingWarnings(IOptions<ForwardedHeadersOptions> options, ILogger<ForwardingWarnings> logger)
{
    /// <summary>Addresses remembered as warned: a bound, so a flood of spoofed headers cannot grow the set forever.</summary>
    public const int MaxRemembered = 1_000;

    private readonly ConcurrentDictionary<string, bool> warned = new(StringComparer.Ordinal);

    public void WarnAtStartup(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[ForwardedHeadersSetup.Setting]))
        {
            logger.LogWarning(
                "Portal:KnownProxies is empty: X-Forwarded-For is believed from no proxy but this machine. Behind a TLS proxy or load balancer every client then has the proxy's address and one client can lock all sign-ins of that address; set Portal:KnownProxies to the proxy's address or network");
        }
    }

    /// <summary>Middleware step, before UseForwardedHeaders (which replaces the peer address).</summary>
    public Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var peer = context.Connection.RemoteIpAddress;
        if (peer is not null && context.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
            && !ForwardedHeadersSetup.IsTrusted(options.Value, peer))
        {
            var key = peer.ToString();
            if (warned.Count < MaxRemembered && warned.TryAdd(key, true))
            {
                logger.LogWarning(
                    "X-Forwarded-For sent by {PeerAddress}, which is not in Portal:KnownProxies: the header is ignored. If this is your proxy, add it to Portal:KnownProxies",
                    key);
            }
        }

        return next();
    }
}

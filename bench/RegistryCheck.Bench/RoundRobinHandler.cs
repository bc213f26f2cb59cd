namespace RegistryCheck.Bench;

/// <summary>
/// The bench's load balancer: every request goes to the next portal instance in turn (one counter for all clients,
/// as a round-robin balancer in front of the instances would do), by rewriting the request's port. Cookies are
/// matched by host, not port, so one cookie jar per student carries the auth and antiforgery cookies to both.
/// </summary>
public sealed class RoundRobinHandler(IReadOnlyList<Uri> instances, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static long _next = -1;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = instances[(int)(Interlocked.Increment(ref _next) % instances.Count)];
        request.RequestUri = new UriBuilder(request.RequestUri!) { Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>A client of one student or staff member: its own cookie jar and connections, no automatic redirects.</summary>
    public static HttpClient Client(IReadOnlyList<Uri> instances) =>
        new(new RoundRobinHandler(instances, Load.Handler(cookies: true))) { BaseAddress = instances[0], Timeout = TimeSpan.FromSeconds(60) };
}

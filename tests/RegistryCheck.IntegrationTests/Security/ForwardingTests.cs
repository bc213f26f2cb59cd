using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>
/// Issue 16's deployment defaults: in Production the log says when no proxy is known and, once per address, when
/// an unknown peer sends X-Forwarded-For; IPv6 clients share the per-address limit by /64 (docs/security.md T34).
/// </summary>
public class ForwardingTests
{
    /// <summary>A Production portal whose test server reports the peer address the test chooses.</summary>
    private sealed class PeerFactory(string? knownProxies) : PortalFactory
    {
        public IPAddress Peer { get; set; } = IPAddress.Parse("10.20.30.40");

        protected override string EnvironmentName => "Production";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Portal:KnownProxies"] = knownProxies };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter>(_ => new PeerFilter(this)));
        }

        public HttpClient Https() => CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://registry.example.edu.cn"),
        });

        private sealed class PeerFilter(PeerFactory factory) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, proceed) =>
                {
                    context.Connection.RemoteIpAddress = factory.Peer;
                    return proceed();
                });
                next(app);
            };
        }
    }

    [Fact]
    public async Task Production_warns_at_start_up_when_no_proxy_is_known()
    {
        using var factory = new PeerFactory(knownProxies: "");
        using var client = factory.Https();
        await client.GetAsync("/healthz");

        var log = await LogFiles.WaitForAsync(factory.DataFolder, "Portal:KnownProxies is empty");
        Assert.Contains("[WRN] Portal:KnownProxies is empty", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_peer_sending_forwarded_for_is_warned_about_once_and_a_known_proxy_never()
    {
        using var factory = new PeerFactory(knownProxies: "10.99.0.0/24");
        using var client = factory.Https();
        await SendAsync(factory, client, "10.20.30.40", forwarded: true);
        await SendAsync(factory, client, "10.20.30.40", forwarded: true);
        await SendAsync(factory, client, "10.20.30.40", forwarded: true);
        await SendAsync(factory, client, "10.99.0.7", forwarded: true);
        await SendAsync(factory, client, "10.20.30.42", forwarded: false);
        await SendAsync(factory, client, "10.20.30.41", forwarded: true);

        var log = await LogFiles.WaitForAsync(factory.DataFolder, "10.20.30.41");
        var warnings = log.Split('\n').Where(l => l.Contains("X-Forwarded-For sent by", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings, l => l.Contains("10.20.30.40", StringComparison.Ordinal));
        Assert.Single(warnings, l => l.Contains("10.20.30.41", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, l => l.Contains("10.99.0.7", StringComparison.Ordinal) || l.Contains("10.20.30.42", StringComparison.Ordinal));
        Assert.DoesNotContain("Portal:KnownProxies is empty", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thirty_failures_from_thirty_addresses_of_one_ipv6_64_lock_that_64_and_no_other()
    {
        using var factory = new ForwardedClientsFactory();
        using var client = factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        var student = await TestStudents.AddAsync(factory);

        // Thirty different student numbers (the account lockout is not what stops this), each from a new address.
        for (var i = 1; i <= 30; i++)
        {
            await SignInAsync(client, token, $"S64X{i:000}", "000000", $"2001:db8:5:6:{i:x}::1");
        }

        var sameNetwork = await SignInAsync(client, token, student.StudentNumber, student.InitialPassword, "2001:db8:5:6:abcd::1");
        var otherNetwork = await SignInAsync(client, token, student.StudentNumber, student.InitialPassword, "2001:db8:5:7::1");

        Assert.Contains("本设备登录尝试过于频繁", await sameNetwork.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, otherNetwork.StatusCode);
    }

    private static async Task SendAsync(PeerFactory factory, HttpClient client, string peer, bool forwarded)
    {
        factory.Peer = IPAddress.Parse(peer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        if (forwarded)
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        }

        using var response = await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SignInAsync(PortalClient client, string token, string number, string password, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(
                [new("StudentNumber", number), new("Password", password), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.Http.SendAsync(request);
    }
}

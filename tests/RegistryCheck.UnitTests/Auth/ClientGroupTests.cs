using System.Net;
using Microsoft.AspNetCore.Builder;
using RegistryCheck.Web.Infrastructure.Auth;
using RegistryCheck.Web.Infrastructure.Portal;

namespace RegistryCheck.UnitTests.Auth;

/// <summary>The per-address sign-in limit and the audit group IPv6 clients by /64, IPv4 clients by address (issue 16).</summary>
public class ClientGroupTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    public void Ipv6_addresses_of_one_64_share_a_group_and_ipv4_keeps_its_address(string address, string group) =>
        Assert.Equal(group, SignInGuard.ClientGroup(IPAddress.Parse(address)));

    [Fact]
    public void Two_addresses_of_one_64_share_one_throttle_key_and_another_64_does_not()
    {
        var a = SignInGuard.ClientKey(IPAddress.Parse("2001:db8:aa:bb:1::1"));
        var b = SignInGuard.ClientKey(IPAddress.Parse("2001:db8:aa:bb:9999::7"));
        var other = SignInGuard.ClientKey(IPAddress.Parse("2001:db8:aa:bc::1"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void The_account_key_never_holds_the_typed_name()
    {
        var key = SignInGuard.AccountKey("staff", "MY-SECRET-PASSWORD");

        Assert.StartsWith("staff:", key, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", key, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(key, SignInGuard.AccountKey("staff", "MY-SECRET-PASSWORD"));
    }

    [Fact]
    public void Known_proxies_take_addresses_and_networks()
    {
        var options = new ForwardedHeadersOptions();
        ForwardedHeadersSetup.Configure(options, "172.28.0.10, 10.99.0.0/24");

        Assert.True(ForwardedHeadersSetup.IsTrusted(options, IPAddress.Parse("172.28.0.10")));
        Assert.True(ForwardedHeadersSetup.IsTrusted(options, IPAddress.Parse("10.99.0.200")));
        Assert.True(ForwardedHeadersSetup.IsTrusted(options, IPAddress.Parse("::ffff:10.99.0.5")));
        Assert.False(ForwardedHeadersSetup.IsTrusted(options, IPAddress.Parse("10.99.1.1")));
        Assert.False(ForwardedHeadersSetup.IsTrusted(options, IPAddress.Parse("172.28.0.11")));
    }
}

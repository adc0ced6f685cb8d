using System.Net;
using System.Net.Sockets;
using Roll.Testing;

namespace Roll.Tests.Data;

public class TrustedProxiesTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "11.1.2.3", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("192.0.2.0/24", "::ffff:192.0.2.7", true)]
    public void AnAddressIsTrustedWhenItIsInAListedNetwork(string proxy, string address, bool trusted)
    {
        var proxies = new TrustedProxies();
        proxies.Add(proxy);

        Assert.Equal(trusted, proxies.Trusts(IPAddress.Parse(address)));
    }

    [Fact]
    public void UnixSocketPeersAreTrustedOnlyWhenSaid()
    {
        var proxies = new TrustedProxies();
        var peer = new UnixDomainSocketEndPoint("/run/app.sock");
        Assert.False(proxies.Trusts(peer));

        proxies.Add("unix");

        Assert.True(proxies.Trusts(peer));
        Assert.False(proxies.Trusts(new IPEndPoint(IPAddress.Loopback, 1234)));
    }

    [Fact]
    public void SomethingElseIsNotAProxy()
    {
        Assert.Throws<ArgumentException>(() => new TrustedProxies().Add("nginx.local"));
    }

    [Theory]
    [InlineData(null, null, "127.0.0.1", "http")]
    [InlineData("203.0.113.9", "https", "203.0.113.9", "https")]
    [InlineData("203.0.113.9:4711", "HTTPS", "203.0.113.9", "https")]
    [InlineData("198.51.100.1, 203.0.113.9", "http", "203.0.113.9", "http")]
    [InlineData("198.51.100.1, 203.0.113.9, 10.0.0.5", "https", "203.0.113.9", "https")]
    [InlineData("10.0.0.6, 10.0.0.5", null, "10.0.0.6", "http")]
    [InlineData("not-an-address", "gopher", "127.0.0.1", "http")]
    public void ATrustedProxysHeadersGiveTheClientAddressAndScheme(string? forwardedFor, string? forwardedProto, string client, string scheme)
    {
        var proxies = new TrustedProxies();
        proxies.Add("127.0.0.1");
        proxies.Add("10.0.0.0/8");

        var (address, resolved) = proxies.Resolve(new IPEndPoint(IPAddress.Loopback, 50000), Headers(forwardedFor, forwardedProto));

        Assert.Equal(IPAddress.Parse(client), address);
        Assert.Equal(scheme, resolved);
    }

    [Fact]
    public void AnUntrustedPeersHeadersAreIgnored()
    {
        var proxies = new TrustedProxies();
        proxies.Add("10.0.0.0/8");

        var (address, scheme) = proxies.Resolve(new IPEndPoint(IPAddress.Parse("::ffff:203.0.113.9"), 50000), Headers("198.51.100.1", "https"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), address);
        Assert.Equal("http", scheme);
    }

    [Fact]
    public async Task ARequestTellsItsClientAddressAndSchemeThroughTheAppsProxies()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = $"{request.Scheme} {request.ClientAddress}");
        await using var live = await LiveClient.StartAsync(app);
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.9", ["X-Forwarded-Proto"] = "https" };

        Assert.Equal("http 127.0.0.1", (await live.GetAsync("/", forwarded)).Text);
        app.TrustedProxies.Add("127.0.0.1");
        Assert.Equal("https 203.0.113.9", (await live.GetAsync("/", forwarded)).Text);
        Assert.Equal("http 127.0.0.1", (await live.GetAsync("/")).Text);
    }

    private static Func<string, string?> Headers(string? forwardedFor, string? forwardedProto) => name => name switch
    {
        "X-Forwarded-For" => forwardedFor,
        "X-Forwarded-Proto" => forwardedProto,
        _ => null,
    };
}

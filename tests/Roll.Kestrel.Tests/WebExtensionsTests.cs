using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;

namespace Roll.Kestrel.Tests;

// Problem details, rate limiting and signed sessions behind Kestrel: over HTTP/1.1 and HTTP/2, with the client's
// address and scheme as the bridge gives them.
public class WebExtensionsTests
{
    private const string Secret = "the bridge tests' secret, long enough to sign with";

    private static RollApp App()
    {
        var app = new RollApp();
        app.ProblemDetails();
        app.SignedCookies([Secret]);
        app.Sessions();
        app.RateLimit(new FixedWindowRateLimiterOptions { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) }, path: "/limited");
        app.Route("/limited", (request, response) => response.Body = request.ClientAddress?.ToString());
        app.Route("/teapot", (request, response) => throw new HttpError(418, "No coffee here"));
        app.Route("/login", (request, response) => request.Session["name"] = "alice");
        app.Route("/me", (request, response) => response.Body = request.Session["name"] ?? throw new HttpError(HttpStatusCode.Unauthorized));
        return app;
    }

    private static HttpClient Client(KestrelHost host, string how) => how switch
    {
        "http1" => host.Http1Client(),
        "tls" => host.Http1Client(tls: true),
        "h2c" => host.Http2Client(Http2.PriorKnowledge),
        _ => host.Http2Client(Http2.Tls),
    };

    [Theory]
    [InlineData("http1")]
    [InlineData("h2c")]
    [InlineData("h2-tls")]
    public async Task AnErrorIsAProblemDocument(string how)
    {
        await using var host = await KestrelHost.StartAsync(App());
        var client = Client(host, how);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/teapot") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } } };

        using var response = await client.SendAsync(request);

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("No coffee here", problem.GetProperty("detail").GetString());
        Assert.Equal("/teapot", problem.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("http1")]
    [InlineData("h2c")]
    public async Task TheClientsAddressIsLimitedAcrossConnections(string how)
    {
        await using var host = await KestrelHost.StartAsync(App());

        Assert.Equal("127.0.0.1", await Client(host, how).GetStringAsync("/limited"));
        Assert.Equal("127.0.0.1", await Client(host, how).GetStringAsync("/limited"));
        using var refused = await Client(host, how).GetAsync("/limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData("http1", false)]
    [InlineData("tls", true)]
    [InlineData("h2-tls", true)]
    public async Task ASessionRoundTripsAndIsSecureOnHttps(string how, bool secure)
    {
        await using var host = await KestrelHost.StartAsync(App());
        var client = Client(host, how);

        using var login = await client.GetAsync("/login");
        var setCookie = login.Headers.GetValues("Set-Cookie").Single();
        var token = setCookie.Split(';')[0]["session=".Length..];
        using var me = new HttpRequestMessage(HttpMethod.Get, "/me") { Headers = { { "Cookie", $"session={token}" } } };
        using var tampered = new HttpRequestMessage(HttpMethod.Get, "/me") { Headers = { { "Cookie", $"session={token[..10]}{(token[10] == 'A' ? 'B' : 'A')}{token[11..]}" } } };

        Assert.Equal(secure, setCookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("alice", await (await client.SendAsync(me)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(tampered)).StatusCode);
    }
}

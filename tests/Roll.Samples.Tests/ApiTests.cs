using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ApiSample;
using Roll.Testing;

namespace Samples.Tests;

public class ApiTests
{
    private const string Secret = "the Api sample's test secret, long enough to sign";
    private const string UrlEncoded = "application/x-www-form-urlencoded";

    private static Task<TestClientBase> StartAsync(Transport transport) => SampleClients.StartAsync(ApiApp.Create([Secret]), transport);

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers)
        => headers.ToDictionary(header => header.Name, header => header.Value);

    private static string ExpectedItems()
        => "[" + string.Join(",", Enumerable.Range(1, 200).Select(n => $$"""{"id":{{n}},"name":"item {{n}}"}""")) + "]";

    [Theory, Transports]
    public async Task ItemsAreTwoHundredObjects(Transport transport)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync("/items");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal(ExpectedItems(), response.Text);
    }

    [Theory, Transports("br", "gzip")]
    public async Task ItemsAreCompressedWhenAcceptedAndDecompressToTheSameBytes(Transport transport, string encoding)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync("/items", Headers(("Accept-Encoding", encoding)));

        Assert.Equal(encoding, response.Headers["Content-Encoding"]);
        Assert.Contains("Accept-Encoding", response.Headers["Vary"]);
        using var compressed = new MemoryStream(response.Body);
        using Stream decoder = encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        Assert.Equal(ExpectedItems(), await reader.ReadToEndAsync());
        Assert.True(response.Body.Length < ExpectedItems().Length / 2, $"{response.Body.Length} bytes compressed");
    }

    [Theory, Transports("1", "200")]
    public async Task AnItemIsOneObject(Transport transport, string id)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync($"/items/{id}");

        Assert.Equal($$"""{"id":{{id}},"name":"item {{id}}"}""", response.Text);
    }

    [Theory, Transports("201", "0", "99999999999999999999")]
    public async Task AnItemPast200IsANotFoundProblem(Transport transport, string id)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync($"/items/{id}", Headers(("Accept", "application/json")));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Equal($"/items/{id}", problem.GetProperty("instance").GetString());
    }

    [Theory, Transports]
    public async Task TheSixthRequestInTenSecondsIsRefusedWithRetryAfter(Transport transport)
    {
        await using var client = await StartAsync(transport);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/limited")).Status);
        }
        var refused = await client.GetAsync("/limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.InRange(int.Parse(refused.Headers["Retry-After"]!), 1, 10);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/items/1")).Status);
    }

    [Theory, Transports]
    public async Task LoggingInGivesASessionCookieThatGreetsByName(Transport transport)
    {
        await using var client = await StartAsync(transport);

        var login = await client.PostAsync("/login", new Dictionary<string, string> { ["name"] = "Zoë" }, UrlEncoded);
        var me = await client.GetAsync("/me", Headers(("Cookie", $"session={login.Cookies["session"]}")));

        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("httponly", login.SetCookies.Single());
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("Hello Zoë", me.Text);
    }

    [Theory, Transports]
    public async Task MeWithoutASessionIsAnUnauthorizedProblem(Transport transport)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync("/me", Headers(("Accept", "application/json")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
        Assert.Equal(401, JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32());
    }

    [Theory, Transports]
    public async Task MeWithATamperedSessionIsUnauthorized(Transport transport)
    {
        await using var client = await StartAsync(transport);
        var token = (await client.PostAsync("/login", new Dictionary<string, string> { ["name"] = "alice" }, UrlEncoded)).Cookies["session"];
        var tampered = token[..10] + (token[10] == 'a' ? 'b' : 'a') + token[11..];

        var response = await client.GetAsync("/me", Headers(("Cookie", $"session={tampered}"), ("Accept", "application/json")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
    }

    [Theory, Transports]
    public async Task EventsAreFiveTicksOneEveryHundredMilliseconds(Transport transport)
    {
        await using var client = await StartAsync(transport);
        var clock = Stopwatch.StartNew();

        var response = await client.GetAsync("/events");

        Assert.Equal("text/event-stream", response.Headers["Content-Type"]);
        Assert.Equal(Ticks(1, 5), response.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"five ticks took {clock.Elapsed}");
    }

    [Theory, Transports]
    public async Task EventsResumeAfterTheLastEventId(Transport transport)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync("/events", Headers(("Last-Event-ID", "3")));

        Assert.Equal(Ticks(4, 5), response.Text);
    }

    [Theory, Transports("br", "gzip")]
    public async Task EventsAreCompressedWhenAccepted(Transport transport, string encoding)
    {
        await using var client = await StartAsync(transport);

        var response = await client.GetAsync("/events", Headers(("Accept-Encoding", encoding)));

        Assert.Equal(encoding, response.Headers["Content-Encoding"]);
        using var compressed = new MemoryStream(response.Body);
        using Stream decoder = encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        Assert.Equal(Ticks(1, 5), await reader.ReadToEndAsync());
    }

    private static string Ticks(int first, int last)
        => string.Concat(Enumerable.Range(first, last - first + 1).Select(n => $"event: tick\ndata: {n}\nid: {n}\n\n"));

    [Fact]
    public void WithoutSecretKeysTheAppSaysWhatToSet()
    {
        Assert.Null(Environment.GetEnvironmentVariable("ROLL_SECRET_KEYS"));

        var error = Assert.Throws<InvalidOperationException>(() => ApiApp.Create());

        Assert.Contains("ROLL_SECRET_KEYS", error.Message);
    }
}

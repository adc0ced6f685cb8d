using System.Net;
using System.Runtime.CompilerServices;
using EchoSample;

namespace Roll.Kestrel.Tests;

// What the bridge itself promises: one engine connection per HTTP/1.1 connection, the client's address and
// scheme, interim answers, Roll's own limits, and the headers Kestrel adds or not.
public class BridgeTests
{
    [Fact]
    public async Task AnHttp1ConnectionIsServedByOneEngineConnection()
    {
        var app = new RollApp();
        // A connection of Roll's engine reuses its request object: the same object means the same engine connection.
        app.Route("/who", (request, response) => response.Body = $"{RuntimeHelpers.GetHashCode(request)} {request.RemoteEndPoint}");
        await using var host = await KestrelHost.StartAsync(app);
        var first = host.Http1Client();
        var second = host.Http1Client();

        var a = await first.GetStringAsync("/who");
        var b = await first.GetStringAsync("/who");
        var c = await second.GetStringAsync("/who");

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.StartsWith("127.0.0.1:", a.Split(' ')[1]);
    }

    [Theory, Http2]
    public async Task ConcurrentHttp2StreamsAreServedAtOnce(Http2 how)
    {
        const int Streams = 20;
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/wait", async (request, response) =>
        {
            // Each stream waits for all the others: they can only all finish if they are served side by side.
            if (Interlocked.Increment(ref arrived) == Streams)
            {
                all.SetResult();
            }
            await all.Task.WaitAsync(TimeSpan.FromSeconds(10));
            response.Body = "done";
        });
        await using var host = await KestrelHost.StartAsync(app);
        var client = host.Http2Client(how);

        var answers = await Task.WhenAll(Enumerable.Range(0, Streams).Select(_ => client.GetStringAsync("/wait")));

        Assert.All(answers, answer => Assert.Equal("done", answer));
    }

    [Fact]
    public async Task TheSchemeIsStatedOverTlsWhateverTheClientSays()
    {
        var app = new RollApp();
        app.Route("/scheme", (request, response) => response.Body = request.Headers["X-Forwarded-Proto"] ?? "none");
        await using var host = await KestrelHost.StartAsync(app);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/scheme");
        forged.Headers.Add("X-Forwarded-Proto", "http");

        using var answer = await host.Http1Client(tls: true).SendAsync(forged);

        Assert.Equal("https", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestSchemeIsHttpsOverTlsAndHttpOverPlainHttp()
    {
        var app = new RollApp();
        app.Route("/scheme", (request, response) => response.Body = request.Scheme);
        await using var host = await KestrelHost.StartAsync(app);

        var overTls = await host.Http1Client(tls: true).GetStringAsync("/scheme");
        var overHttp2 = await host.Http2Client(Http2.Tls).GetStringAsync("/scheme");
        var plain = await host.Http1Client().GetStringAsync("/scheme");

        Assert.Equal("https", overTls);
        Assert.Equal("https", overHttp2);
        Assert.Equal("http", plain);
    }

    [Fact]
    public async Task OverPlainHttpForwardedHeadersPassAsOnRollsEngine()
    {
        var app = new RollApp();
        app.Route("/scheme", (request, response) => response.Body = request.Headers["X-Forwarded-Proto"] ?? "none");
        await using var host = await KestrelHost.StartAsync(app);
        var client = host.Http1Client();
        using var fromProxy = new HttpRequestMessage(HttpMethod.Get, "/scheme");
        fromProxy.Headers.Add("X-Forwarded-Proto", "https");

        var plain = await client.GetStringAsync("/scheme");
        using var proxied = await client.SendAsync(fromProxy);

        // Whether to believe a proxy is the app's decision, as on Roll's own engine.
        Assert.Equal("none", plain);
        Assert.Equal("https", await proxied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BehindATrustedProxyTheClientAndSchemeAreTheProxysWord()
    {
        var app = new RollApp();
        app.TrustedProxies.Add("127.0.0.1");
        app.Route("/origin", (request, response) => response.Body = $"{request.ClientAddress} {request.Scheme}");
        await using var host = await KestrelHost.StartAsync(app);
        using var fromProxy = new HttpRequestMessage(HttpMethod.Get, "/origin");
        fromProxy.Headers.Add("X-Forwarded-For", "203.0.113.7");
        fromProxy.Headers.Add("X-Forwarded-Proto", "https");

        using var proxied = await host.Http1Client().SendAsync(fromProxy);
        var direct = await host.Http1Client().GetStringAsync("/origin");

        // Kestrel's peer is the engine's peer, so the app's trust works as on Roll's engine (nginx in front of Kestrel).
        Assert.Equal("203.0.113.7 https", await proxied.Content.ReadAsStringAsync());
        Assert.Equal("127.0.0.1 http", direct);
    }

    [Fact]
    public async Task ExpectContinueIsAnsweredOnceRollReadsTheBody()
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        await using var connection = await RawConnection.ConnectAsync(host.Http1);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var interim = await connection.ReadHeadAsync();
        await connection.SendAsync("hello");
        var final = await connection.ReadHeadAsync();

        Assert.Equal("HTTP/1.1 100 Continue", interim);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", final);
        Assert.Equal("hello", await connection.ReadBodyAsync(5));
    }

    [Fact]
    public async Task ABodyOverRollsLimitIsRefusedWithoutAskingForIt()
    {
        var app = EchoApp.Create();
        app.Limits.MaxRequestBodySize = 100;
        await using var host = await KestrelHost.StartAsync(app);
        await using var connection = await RawConnection.ConnectAsync(host.Http1);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
        var head = await connection.ReadHeadAsync();

        // Roll refuses from the Content-Length alone and never reads the body, so Kestrel never asks for it.
        // The reason phrase is Roll's (RFC 9110 §15.5.14), which Kestrel's own differs from: the bridge passes it on.
        Assert.StartsWith("HTTP/1.1 413 Content Too Large\r\n", head);
    }

    [Fact]
    public async Task AnHttp10RequestIsAnsweredAndTheConnectionCloses()
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        await using var connection = await RawConnection.ConnectAsync(host.Http1);

        await connection.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var all = await connection.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", all);
        Assert.EndsWith("\r\n\r\nOK", all);
    }

    [Fact]
    public async Task RollsDateHeaderIsKeptAndNoServerHeaderIsAdded()
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        await using var connection = await RawConnection.ConnectAsync(host.Http1);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: test\r\n\r\n");
        var lines = (await connection.ReadHeadAsync()).Split("\r\n");

        Assert.Single(lines, line => line.StartsWith("Date: ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("Server: ", StringComparison.Ordinal));
        Assert.Contains("Content-Length: 2", lines);
    }

    [Fact]
    public async Task HeadersKestrelKnowsReachTheAppInKestrelsSpelling()
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        await using var connection = await RawConnection.ConnectAsync(host.Http1);

        await connection.SendAsync("GET /echo HTTP/1.1\r\nx-roll: rock\r\nhost: echo.test\r\nuser-agent: raw\r\n\r\n");
        var head = await connection.ReadHeadAsync();
        var length = int.Parse(head.Split("\r\n").Single(line => line.StartsWith("Content-Length: ", StringComparison.Ordinal))[16..]);

        // Kestrel keeps the headers it knows in slots of their own, named its way and listed first; Roll's engine
        // would echo "x-roll: rock", "host: echo.test", "user-agent: raw" as sent. Header names are case-insensitive.
        Assert.Equal("Host: echo.test\nUser-Agent: raw\nx-roll: rock\n", await connection.ReadBodyAsync(length));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AStreamedAnswerThatFailsReachesTheClientCutShort(bool http2)
    {
        var app = new RollApp();
        app.Route("/fails", (request, response) => response.Body = ResponseBody.FromChunks(FailingAsync()));
        await using var host = await KestrelHost.StartAsync(app);
        var client = http2 ? host.Http2Client(Http2.PriorKnowledge) : host.Http1Client();

        // HTTP/1.1 ends the connection before the last chunk, HTTP/2 resets the stream: a client never takes it for whole.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetByteArrayAsync("/fails"));
    }

    private static async IAsyncEnumerable<string> FailingAsync()
    {
        yield return "a first piece";
        await Task.Yield();
        throw new InvalidOperationException("The source failed");
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Roll.Server;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of the server reference: RollServer, unix sockets, limits, keep-alive and the parser's refusals.</summary>
public class ServerExamples
{
    private static RollApp HelloApp()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "Hello");
        app.Route("/echo", (request, response) => response.Body = request.Body, methods: ["POST"]);
        return app;
    }

    [Fact]
    public async Task RollServerServesAnAppOnAnyFreePort()
    {
        var app = HelloApp();
        // snippet: rollserver
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        var port = ((IPEndPoint)server.EndPoints[0]).Port;

        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{port}/");

        await server.StopAsync();
        // end-snippet
        Assert.Equal("Hello", text);
    }

    [Fact]
    public async Task RollServerServesAnAppOnAUnixSocket()
    {
        var app = HelloApp();
        var path = Path.Combine(Path.GetTempPath(), $"roll-{Guid.NewGuid():N}.sock");
        // snippet: unix
        await using var server = new RollServer(app);
        server.ListenUnixSocket(path);
        await server.StartAsync();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var text = await http.GetStringAsync("http://localhost/");

        await server.StopAsync();
        Assert.False(File.Exists(path));
        // end-snippet
        Assert.Equal("Hello", text);
    }

    // snippet: graceful
    [Fact]
    public async Task StopLetsTheRequestInFlightFinishThenRunsShutdown()
    {
        var handlerStarted = new TaskCompletionSource();
        var handlerMayEnd = new TaskCompletionSource();
        var events = new List<string>();
        var app = new RollApp();
        app.Route("/slow", async (request, response) =>
        {
            handlerStarted.SetResult();
            await handlerMayEnd.Task;
            events.Add("handler");
            response.Body = "done";
        });
        app.OnShutdown(() => events.Add("shutdown"));
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{server.EndPoints[0]}/") };

        var slow = http.GetAsync("/slow");
        await handlerStarted.Task;
        var stop = server.StopAsync();
        Assert.False(stop.IsCompleted);
        handlerMayEnd.SetResult();
        using var response = await slow;
        await stop;

        Assert.Equal("done", await response.Content.ReadAsStringAsync());
        Assert.Equal(["handler", "shutdown"], events);
    }
    // end-snippet

    // snippet: limits
    [Fact]
    public async Task LimitsAreSetOnTheApp()
    {
        var app = HelloApp();
        app.Limits.MaxRequestBodySize = 1024;
        await using var client = new TestClient(app);

        var small = await client.PostAsync("/echo", new string('a', 1024));
        var large = await client.PostAsync("/echo", new string('a', 1025));

        Assert.Equal(HttpStatusCode.OK, small.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.Status);
    }
    // end-snippet

    // snippet: pipelining
    [Fact]
    public async Task PipelinedRequestsAreAnsweredInOrder()
    {
        await using var client = new TestClient(HelloApp());

        var answers = await client.SendRawAllAsync(Encoding.ASCII.GetBytes(
            "GET / HTTP/1.1\r\nHost: a\r\n\r\n" +
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n0\r\n\r\n" +
            "GET /missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        var statusLines = Regex.Matches(answers, @"HTTP/1\.1 \d{3} [^\r]*").Select(match => match.Value);
        Assert.Equal(["HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"], statusLines);
    }
    // end-snippet

    // snippet: strictness
    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "400 Bad Request", "A request needs exactly one Host header")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400 Bad Request", "A request needs exactly one Host header")]
    [InlineData("GET / HTTP/1.1\nHost: a\n\n", "400 Bad Request", "Bare LF in request line")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "400 Bad Request", "Invalid header name")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Long: a\r\n b\r\n\r\n", "400 Bad Request", "Obsolete line folding in headers")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "400 Bad Request", "Both Transfer-Encoding and Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", "400 Bad Request", "Duplicate Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n", "400 Bad Request", "Invalid Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "400 Bad Request", "Transfer-Encoding must end with chunked, once")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", "400 Bad Request", "Transfer-Encoding must end with chunked")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "501 Not Implemented", "Unsupported transfer coding")]
    [InlineData("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "400 Bad Request", "Transfer-Encoding in an HTTP/1.0 request")]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", "505 HTTP Version Not Supported", "HTTP version not supported")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", "417 Expectation Failed", "Unsupported expectation")]
    [InlineData("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "Invalid percent-encoding in path")]
    [InlineData("GET /%C0%AF HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "Invalid encoded path")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "Invalid HTTP version")]
    [InlineData("GET * HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "The asterisk-form target is only for OPTIONS")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Cut: sho", "400 Bad Request", "The request head ended early")]
    [InlineData("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", "400 Bad Request", "Invalid Host header")]
    [InlineData("GET / HTTP/1.1\r\nHost:\r\n\r\n", "400 Bad Request", "Empty Host header")]
    [InlineData("GET /#top HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "Fragment in request target")]
    [InlineData("GET http://user@a/ HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "Invalid authority in request target")]
    [InlineData("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", "501 Not Implemented", "CONNECT is not supported")]
    public async Task TheParserRefusesWhatRfc9112Forbids(string request, string status, string message)
    // end-snippet
    {
        await using var client = new TestClient(HelloApp());

        var answer = await client.SendRawAllAsync(Encoding.ASCII.GetBytes(request));

        Assert.StartsWith($"HTTP/1.1 {status}\r\n", answer);
        Assert.Contains("\r\nConnection: close\r\n", answer);
        Assert.EndsWith($"\r\n\r\n{message}", answer);
    }

    [Fact]
    public async Task ATargetTooLongIs414AndTooManyHeadersIs431()
    {
        await using var client = new TestClient(HelloApp());

        var longTarget = await client.SendRawAllAsync(Encoding.ASCII.GetBytes($"GET /{new string('a', 9000)} HTTP/1.1\r\nHost: a\r\n\r\n"));
        var headers = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: {i}\r\n"));
        var manyHeaders = await client.SendRawAllAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n"));

        Assert.StartsWith("HTTP/1.1 414 URI Too Long\r\n", longTarget);
        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", manyHeaders);
    }

    [Fact]
    public async Task AnHttp10ClientIsAnsweredAndTheConnectionCloses()
    {
        await using var client = new TestClient(HelloApp());

        var answer = await client.SendRawAllAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("\r\nConnection: close\r\n", answer);
    }
}

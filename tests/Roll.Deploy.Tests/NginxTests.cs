using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using EchoSample;
using Roll.Server;

namespace Roll.Deploy.Tests;

/// <summary>The Echo sample behind Debian's nginx, configured as deploy/nginx-hello.conf says, over a unix socket.</summary>
// System: needs Debian's nginx.
[Trait("Category", "System")]
public sealed class NginxTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roll-nginx-");
    private readonly TaskCompletionSource _releaseStream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RollServer? _server;
    private Nginx? _nginx;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        if (Nginx.Program is null)
        {
            return;
        }
        // nginx's workers run as another user when it starts as root: they must reach the socket.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_folder.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
        }
        var app = EchoApp.Create();
        app.TrustedProxies.Add("unix");
        app.Route("/client", (request, response) => response.Body = $"{request.ClientAddress} {request.Scheme} {request.Host}");
        app.Route("/stream", (request, response) => response.Body = ResponseBody.FromChunks(StreamAsync()));
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        var socketPath = Path.Combine(_folder.FullName, "hello.sock");
        _server = new RollServer(app);
        _server.ListenUnixSocket(socketPath, (UnixFileMode)Convert.ToInt32("666", 8));
        await _server.StartAsync();
        _nginx = await Nginx.StartAsync(_folder.FullName, socketPath);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_nginx.Port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    [SkippableNginxFact]
    public async Task APlainRequestPassesWithItsHostAndTheRealClientAddress()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/client");
        request.Headers.Host = "hello.example";
        // A client's own X-Forwarded-For is kept by nginx but not believed: only the unix socket peer is trusted.
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1 http hello.example", await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", await _http.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/nowhere")).StatusCode);
    }

    [SkippableNginxFact]
    public async Task AStreamedResponseArrivesPieceByPiece()
    {
        using var response = await _http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The second piece is written only once the first has come through nginx.
        Assert.Equal("first", await body.ReadLineAsync());
        _releaseStream.SetResult();
        Assert.Equal("second", await body.ReadLineAsync());
        Assert.Null(await body.ReadLineAsync());
    }

    [SkippableNginxFact]
    public async Task AnUploadOfSeveralMegabytesIsEchoedWhole()
    {
        var upload = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);

        using var response = await _http.PostAsync("/", new ByteArrayContent(upload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(upload, await response.Content.ReadAsByteArrayAsync());
    }

    [SkippableNginxFact]
    public async Task AWebSocketEchoesThroughNginx()
    {
        using var client = new ClientWebSocket();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{_nginx!.Port}/ws"), cancel.Token);

        var buffer = new byte[1024];
        foreach (var text in new[] { "hello", "through nginx" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancel.Token);
            var received = await client.ReceiveAsync(buffer, cancel.Token);
            Assert.Equal(text, Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancel.Token);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [SkippableNginxFact]
    public async Task AGracefulStopClosesAWebSocketWith1001ThroughNginx()
    {
        using var client = new ClientWebSocket();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{_nginx!.Port}/ws"), cancel.Token);
        await client.SendAsync(Encoding.UTF8.GetBytes("ready"), WebSocketMessageType.Text, true, cancel.Token);
        var buffer = new byte[1024];
        await client.ReceiveAsync(buffer, cancel.Token);

        var stopping = _server!.StopAsync();
        var received = await client.ReceiveAsync(buffer, cancel.Token);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
        await stopping;

        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _folder.Delete(recursive: true);
    }

    private async IAsyncEnumerable<string> StreamAsync()
    {
        yield return "first\n";
        await _releaseStream.Task;
        yield return "second\n";
    }
}

/// <summary>A fact skipped, with the reason, where Debian's nginx is not installed (.ci/run installs it).</summary>
public sealed class SkippableNginxFactAttribute : FactAttribute
{
    public SkippableNginxFactAttribute()
    {
        if (Nginx.Program is null)
        {
            Skip = "nginx is not installed: apt-get install nginx (.ci/run does)";
        }
    }
}

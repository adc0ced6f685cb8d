using System.Net;
using System.Net.Quic;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit.Abstractions;

namespace Roll.Kestrel.Tests;

// Starting and stopping: the app's startup and shutdown around serving, a graceful stop, and what the command line starts.
public class LifetimeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartupRunsBeforeServingAndShutdownAfterStopping()
    {
        var events = new List<string>();
        var app = new RollApp();
        app.OnStartup(() => { events.Add("startup"); return Task.CompletedTask; });
        app.OnShutdown(() => { events.Add("shutdown"); return Task.CompletedTask; });
        app.Route("/", (request, response) => { events.Add("request"); response.Body = "OK"; });
        var host = await KestrelHost.StartAsync(app);

        await host.Http1Client().GetStringAsync("/");
        await host.DisposeAsync();

        Assert.Equal(["startup", "request", "shutdown"], events);
    }

    [Fact]
    public async Task StoppingFinishesTheRequestInFlight()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/slow", async (request, response) =>
        {
            started.SetResult();
            await release.Task;
            response.Body = "finished";
        });
        await using var host = await KestrelHost.StartAsync(app);
        var answer = host.Http1Client().GetStringAsync("/slow");
        await started.Task;

        var stopping = host.Server.StopAsync();
        release.SetResult();

        Assert.Equal("finished", await answer);
        await stopping;
    }

    [Fact]
    public async Task StoppingClosesOpenWebSocketsWithGoingAway()
    {
        await using var host = await KestrelHost.StartAsync(WebSocketTests.EchoSocketApp());
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Http1.Port}/ws"), CancellationToken.None);

        var stopping = host.Server.StopAsync();
        var result = await socket.ReceiveAsync(new byte[100], CancellationToken.None);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await stopping;

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.CloseStatus);
    }

    [Fact]
    public async Task TheCommandLineServesOnAUnixSocketUntilCancelled()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roll-kestrel-{Guid.NewGuid():N}.sock");
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = request.RemoteEndPoint?.GetType().Name ?? "none");
        using var stop = new CancellationTokenSource();
        var serving = app.ServeKestrelAsync(["--unix-socket", path, "--quiet", "--engine", "kestrel"], stop.Token);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        while (!File.Exists(path))
        {
            await Task.Delay(10);
        }

        var peer = await client.GetStringAsync("http://roll/");
        await stop.CancelAsync();
        await serving;

        // The peer of a unix socket has no address: the app sees the socket's end point, as on Roll's engine.
        Assert.Equal(nameof(UnixDomainSocketEndPoint), peer);
    }

    [Fact]
    public void TheCommandLineIsTheSimpleServersWithACertificate()
    {
        var environment = new Dictionary<string, string> { ["ROLL_TRUSTED_PROXIES"] = "10.0.0.0/8", ["ROLL_CERTIFICATE_PASSWORD"] = "secret" };

        var line = KestrelCommandLine.Parse(["--host", "0.0.0.0", "--port", "8443", "--certificate", "site.pfx", "--engine", "kestrel"],
            name => environment.GetValueOrDefault(name));

        Assert.Equal(("0.0.0.0", 8443), (line.Serve.Host, line.Serve.Port));
        Assert.Equal(("site.pfx", "secret"), (line.Certificate, line.CertificatePassword));
        Assert.True(line.Serve.TrustedProxies.Trusts(IPAddress.Parse("10.1.2.3")));
        var error = Assert.Throws<ArgumentException>(() => KestrelCommandLine.Parse(["--tls"], _ => null));
        Assert.Equal("Unknown option '--tls' (--help lists the options).", error.Message);
        Assert.Contains("--certificate PFX", ServeOptions.Usage(KestrelCommandLine.UsageOnly));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheCommandLineSetsTheUnixSocketsMode()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roll-kestrel-{Guid.NewGuid():N}.sock");
        var app = new RollApp();
        using var stop = new CancellationTokenSource();
        var serving = app.ServeKestrelAsync(["--unix-socket", path, "--unix-socket-mode", "660", "--quiet"], stop.Token);
        while (!File.Exists(path) || File.GetUnixFileMode(path) != (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite))
        {
            Assert.False(serving.IsCompleted, "The server stopped before its socket had the mode asked.");
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task AnEndpointOfferingHttp3ServesHttp2WhereQuicIsMissing()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "OK");
        ListenOptions? endpoint = null;
        // snippet: http3
        await using var server = new RollKestrelServer(app, options =>
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2AndHttp3;
                listen.UseHttps(TestCertificate.Value);
                endpoint = listen;
            }));
        await server.StartAsync();
        // end-snippet
        using var client = new HttpClient(KestrelHost.CreateHandler()) { BaseAddress = new Uri($"https://127.0.0.1:{endpoint!.IPEndPoint!.Port}/") };
        // HTTP/3 needs libmsquic; without it Kestrel serves the same endpoint over TCP only.
        var version = QuicListener.IsSupported ? HttpVersion.Version30 : HttpVersion.Version20;
        output.WriteLine($"QUIC supported: {QuicListener.IsSupported}; asking for HTTP/{version}");

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/")
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

        Assert.Equal(version, response.Version);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheAppsConnectionCapIsKestrels()
    {
        var app = new RollApp();
        app.Limits.MaxConnections = 1;
        app.Route("/", (request, response) => response.Body = "OK");
        ListenOptions? endpoint = null;
        await using var server = new RollKestrelServer(app, options => options.Listen(IPAddress.Loopback, 0, listen => endpoint = listen));
        await server.StartAsync();
        var address = endpoint!.IPEndPoint!;
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(address);
        await first.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
        Assert.True(await first.ReceiveAsync(new byte[1024]) > 0);

        // The first connection is still open: Kestrel closes the second at once, as its MaxConcurrentConnections does.
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(address);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await second.ReceiveAsync(new byte[1024], SocketFlags.None, timeout.Token);

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task ReusePortIsRefusedOnKestrel()
    {
        var app = new RollApp();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => app.ServeKestrelAsync(["--port", "0", "--reuse-port", "--quiet"]));

        Assert.Contains("--reuse-port", error.Message);
    }
}

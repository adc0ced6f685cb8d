using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Roll.Kestrel.Tests;

// Roll's engine speaks the websocket itself; the bridge only carries bytes once Kestrel has upgraded the
// connection (HTTP/1.1) or accepted an extended CONNECT stream (HTTP/2, RFC 8441).
public class WebSocketTests
{
    [Fact]
    public async Task AnEchoRouteAnswersOverHttp1()
    {
        await using var host = await KestrelHost.StartAsync(EchoSocketApp());
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("echo");

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Http1.Port}/ws"), CancellationToken.None);

        Assert.Equal("echo", socket.SubProtocol);
        Assert.Equal("hello", await EchoAsync(socket, "hello"));
        Assert.Equal("again", await EchoAsync(socket, "again"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Theory, Http2]
    public async Task AnEchoRouteAnswersOverHttp2(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(EchoSocketApp());
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("echo");
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        var address = how == Http2.Tls ? $"wss://127.0.0.1:{host.Tls.Port}/ws" : $"ws://127.0.0.1:{host.H2c.Port}/ws";
        using var invoker = new HttpMessageInvoker(KestrelHost.CreateHandler());

        await socket.ConnectAsync(new Uri(address), invoker, CancellationToken.None);

        // RFC 8441 §5: over HTTP/2 the handshake's answer is a 200 to the CONNECT, where HTTP/1.1 has a 101.
        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode);
        Assert.Equal("echo", socket.SubProtocol);
        Assert.Equal("hello", await EchoAsync(socket, "hello"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task AHandshakeRollRefusesIsAnsweredAsAnHttpResponse()
    {
        await using var host = await KestrelHost.StartAsync(EchoSocketApp());
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        var error = await Assert.ThrowsAsync<WebSocketException>(
            () => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Http1.Port}/nowhere"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
        Assert.NotNull(error);
    }

    [Fact]
    public async Task ClosingTheClientEndsTheHandlerAndItsDisconnectListeners()
    {
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = EchoSocketApp();
        app.OnWebSocketDisconnect((request, socket) =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        });
        await using var host = await KestrelHost.StartAsync(app);
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Http1.Port}/ws"), CancellationToken.None);

        socket.Abort();
        socket.Dispose();

        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    internal static RollApp EchoSocketApp()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket", subprotocols: ["echo"]);
        return app;
    }

    internal static async Task<string> EchoAsync(ClientWebSocket socket, string text)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}

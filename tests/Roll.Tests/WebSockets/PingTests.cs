using System.Net.WebSockets;
using System.Text;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>Pings and pongs over a real socket: keep-alive pings, a peer that does not answer them, a ping sent by hand, a ping answered.</summary>
public class PingTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    private static RollApp EchoApp(TaskCompletionSource? disconnected = null)
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        if (disconnected is not null)
        {
            app.OnWebSocketDisconnect((request, socket) => { disconnected.TrySetResult(); return Task.CompletedTask; });
        }
        return app;
    }

    [Fact]
    public async Task KeepAlivePingsReachAnIdleClient()
    {
        var app = EchoApp();
        app.WebSockets.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        await using var live = await LiveClient.StartAsync(app);
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        var ping = await raw.ReadFrameAsync().WaitAsync(s_wait);

        Assert.Equal(0x9, ping!.Value.Opcode);
    }

    [Fact]
    public async Task AClientThatNeverAnswersPingsIsDropped()
    {
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = EchoApp(disconnected);
        // snippet: keep-alive
        app.WebSockets.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        app.WebSockets.KeepAliveTimeout = TimeSpan.FromMilliseconds(500);
        // end-snippet
        await using var live = await LiveClient.StartAsync(app);
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        // The raw client reads the pings but never answers them.
        await raw.WaitForEndAsync().WaitAsync(s_wait);

        await disconnected.Task.WaitAsync(s_wait);
    }

    [Fact]
    public async Task AClientThatAnswersPingsStaysConnected()
    {
        var app = new RollApp();
        app.WebSockets.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        app.WebSockets.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        app.Route("/ws", async (request, socket) =>
        {
            // Longer than a silent peer would last (pinged within a second, dropped a second or two later):
            // several pings go out and come back meanwhile, though the handler does not receive.
            await Task.Delay(TimeSpan.FromSeconds(4));
            await socket.SendAsync("still here");
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal("still here", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task TheHandlerCanSendAPingWithAPayload()
    {
        var app = new RollApp();
        // snippet: ping
        app.Route("/ws", async (request, socket) =>
        {
            await socket.PingAsync("are you there?"u8.ToArray());
            await socket.SendAsync((await socket.ReceiveAsync()).Text.ToUpperInvariant());
        }, protocol: "websocket");
        // end-snippet
        await using var live = await LiveClient.StartAsync(app);
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        var ping = await raw.ReadFrameAsync();
        await raw.SendFrameAsync(0xA, ping!.Value.Payload);
        await raw.SendFrameAsync(0x1, "yes"u8.ToArray());
        var answer = await raw.ReadFrameAsync();

        Assert.Equal(0x9, ping.Value.Opcode);
        Assert.Equal("are you there?", Encoding.UTF8.GetString(ping.Value.Payload));
        Assert.Equal("YES", Encoding.UTF8.GetString(answer!.Value.Payload));
    }

    [Fact]
    public async Task APingAmongMessagesLeavesThemIntact()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            var sends = Enumerable.Range(0, 50).Select(i => socket.SendAsync(new string('x', 10_000))).ToList();
            sends.Add(socket.PingAsync());
            await Task.WhenAll(sends);
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(10_000, (await client.ReceiveTextAsync()).Length);
        }
        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);
    }

    [Fact]
    public async Task APingFromTheClientIsAnsweredWithItsPayload()
    {
        await using var live = await LiveClient.StartAsync(EchoApp());
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        await raw.SendFrameAsync(0x9, "ping 42"u8.ToArray());
        var pong = await raw.ReadFrameAsync(0xA);

        Assert.Equal("ping 42", Encoding.UTF8.GetString(pong!.Value.Payload));
    }

    [Fact]
    public async Task APingIsAtMost125Bytes()
    {
        var app = new RollApp();
        var refused = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/ws", async (request, socket) =>
        {
            refused.SetResult(await Assert.ThrowsAsync<ArgumentException>(() => socket.PingAsync(new byte[126])));
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Contains("125", (await refused.Task.WaitAsync(s_wait)).Message);
    }

    [Fact]
    public void TheKeepAliveDefaultsAreThirtySeconds()
    {
        var options = new WebSocketOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CloseTimeout);
    }
}

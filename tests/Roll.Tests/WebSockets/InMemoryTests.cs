using System.Net;
using System.Net.WebSockets;
using Roll.Testing;

namespace Roll.Tests.WebSockets;

/// <summary>Websockets through the in-memory test client: the same engine and handshake, over pipes instead of a socket.</summary>
public class InMemoryTests
{
    private static RollApp EchoApp()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket", subprotocols: ["echo"]);
        app.Route("/http", (request, response) => { response.Body = "plain"; });
        return app;
    }

    [Fact]
    public async Task AWebSocketOpensInMemory()
    {
        // snippet: in-memory
        await using var client = new TestClient(EchoApp());
        using var socket = await client.WebSocketAsync("/ws", ["other", "echo"]);

        await socket.SendTextAsync("hello");
        await socket.SendBytesAsync([1, 2, 3]);

        Assert.Equal("echo", socket.SubProtocol);
        Assert.Equal("hello", await socket.ReceiveTextAsync());
        Assert.Equal([1, 2, 3], (await socket.ReceiveMessageAsync()).Data.ToArray());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, socket.State);
        // end-snippet
    }

    [Fact]
    public async Task TheKeptAliveConnectionStillServesRequestsBesideAWebSocket()
    {
        await using var client = new TestClient(EchoApp());
        Assert.Equal("plain", (await client.GetAsync("/http")).Text);

        using var socket = await client.WebSocketAsync("/ws");
        await socket.SendTextAsync("hi");

        Assert.Equal("hi", await socket.ReceiveTextAsync());
        Assert.Equal("plain", (await client.GetAsync("/http")).Text);
    }

    [Fact]
    public async Task ARefusedHandshakeThrowsWithTheStatus()
    {
        await using var client = new TestClient(EchoApp());

        var refused = await Assert.ThrowsAsync<WebSocketRefusedException>(() => client.WebSocketAsync("/http"));
        var old = await Assert.ThrowsAsync<WebSocketRefusedException>(
            () => client.WebSocketAsync("/ws", headers: new Dictionary<string, string> { ["Sec-WebSocket-Version"] = "8" }));

        Assert.Equal(HttpStatusCode.NotImplemented, refused.Status);
        Assert.Equal(HttpStatusCode.UpgradeRequired, old.Status);
    }

    [Fact]
    public async Task TheServerSideEndsWhenTheClientDisposesItsSocket()
    {
        var app = EchoApp();
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.OnWebSocketDisconnect((request, socket) => { disconnected.SetResult(); return Task.CompletedTask; });
        await using var client = new TestClient(app);

        var socket = await client.WebSocketAsync("/ws");
        socket.Dispose();

        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

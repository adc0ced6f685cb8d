using System.Net.WebSockets;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>A client that closes at once and a handler that fails: the client learns of the failure (1011) whatever comes first.</summary>
public class CloseRaceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AHandlerThatFailsAfterTheClientsCloseIsAnswered1011()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            try
            {
                await socket.ReceiveAsync();
            }
            catch (WebSocketClosedException)
            {
            }
            throw new InvalidOperationException("the handler broke after the close");
        }, protocol: "websocket");
        await using var client = new TestClient(app);
        using var socket = await client.WebSocketAsync("/ws");

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(s_wait);

        Assert.Equal(WebSocketCloseStatus.InternalServerError, socket.CloseStatus);
    }

    [Fact]
    public async Task AHandlerThatFailsWhileTheClientClosesRightAfterConnectingIsAlwaysAnswered1011()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("the handler broke");
        }, protocol: "websocket");
        await using var client = new TestClient(app);

        // The race went one way about one run in five: fifty runs leave it no room.
        var statuses = new List<WebSocketCloseStatus?>();
        for (var run = 0; run < 50; run++)
        {
            using var socket = await client.WebSocketAsync("/ws");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(s_wait);
            statuses.Add(socket.CloseStatus);
        }

        Assert.All(statuses, status => Assert.Equal(WebSocketCloseStatus.InternalServerError, status));
    }

    [Fact]
    public async Task AHandlerThatReturnsAfterTheClientsCloseAnswersWithTheClientsCode()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
            }
        }, protocol: "websocket");
        await using var client = new TestClient(app);
        using var socket = await client.WebSocketAsync("/ws");

        await socket.CloseAsync((WebSocketCloseStatus)4002, "done", CancellationToken.None).WaitAsync(s_wait);

        Assert.Equal(4002, (int)socket.CloseStatus!);
    }

    [Fact]
    public async Task AHandlerThatLetsTheClosedExceptionOutStillAnswersTheClose()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) => await socket.ReceiveAsync(), protocol: "websocket");
        await using var client = new TestClient(app);
        using var socket = await client.WebSocketAsync("/ws");

        await socket.CloseAsync((WebSocketCloseStatus)4003, null, CancellationToken.None).WaitAsync(s_wait);

        Assert.Equal(4003, (int)socket.CloseStatus!);
    }
}

using System.Net;
using System.Net.WebSockets;
using Roll.Testing;

namespace Roll.Tests.WebSockets;

/// <summary>The websocket_connect and websocket_disconnect events around a handler, over a real socket.</summary>
public class EventsTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConnectRunsBeforeTheHandlerAndDisconnectAfterIt()
    {
        var events = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        // snippet: events
        app.OnWebSocketConnect((request, socket) =>
        {
            events.Add($"connect {request.Path}");
            return Task.CompletedTask;
        });
        app.OnWebSocketDisconnect((request, socket) =>
        {
            events.Add($"disconnect {socket.State}");
            return Task.CompletedTask;
        });
        // end-snippet
        app.OnWebSocketDisconnect((request, socket) => { done.SetResult(); return Task.CompletedTask; });
        app.Route("/ws", async (request, socket) =>
        {
            events.Add("handler");
            await socket.SendAsync("hi");
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal("hi", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);
        await done.Task.WaitAsync(s_wait);

        Assert.Equal(["connect /ws", "handler", "disconnect Closed"], events);
    }

    [Fact]
    public async Task AConnectListenerThatThrowsFailsTheSocketWith1011AndDisconnectStillRuns()
    {
        var handled = false;
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reported = new TaskCompletionSource<HttpError>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.OnWebSocketConnect((request, socket) => throw new InvalidOperationException("no room"));
        app.OnWebSocketDisconnect((request, socket) => { disconnected.SetResult(); return Task.CompletedTask; });
        app.OnError((request, response, error) => reported.SetResult(error));
        app.Route("/ws", (request, socket) => { handled = true; return Task.CompletedTask; }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);
        await disconnected.Task.WaitAsync(s_wait);

        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Equal("no room", (await reported.Task.WaitAsync(s_wait)).InnerException!.Message);
        Assert.False(handled);
    }

    [Fact]
    public async Task EveryDisconnectListenerRunsEvenWhenOneThrows()
    {
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reported = new TaskCompletionSource<HttpError>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.OnWebSocketDisconnect((request, socket) => throw new InvalidOperationException("first broke"));
        app.OnWebSocketDisconnect((request, socket) => { second.SetResult(); return Task.CompletedTask; });
        app.OnError((request, response, error) => reported.SetResult(error));
        app.Route("/ws", (request, socket) => Task.CompletedTask, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);

        await second.Task.WaitAsync(s_wait);
        Assert.Equal("first broke", (await reported.Task.WaitAsync(s_wait)).InnerException!.Message);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task TheResponseEventSeesThe101()
    {
        var statuses = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.OnResponse((request, response) => statuses.SetResult(response.StatusCode));
        app.Route("/ws", (request, socket) => Task.CompletedTask, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);

        Assert.Equal(101, await statuses.Task.WaitAsync(s_wait));
    }

    [Fact]
    public async Task TheRouteKeepsItsProtocolAndSubprotocols()
    {
        var app = new RollApp();

        var route = app.Route("/ws", (request, socket) => Task.CompletedTask, protocol: "websocket", subprotocols: ["chat"]);

        Assert.Equal("websocket", route.Protocol);
        Assert.Equal(["chat"], (string[])route.Extras["subprotocols"]!);
        Assert.Throws<ArgumentException>(() => app.Route("/other", (request, socket) => Task.CompletedTask, protocol: "http"));
        await Task.CompletedTask;
    }
}

using System.Net.WebSockets;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>The websockets store and broadcasting to several clients over real sockets.</summary>
public class BroadcastTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AMessageIsBroadcastToEveryOtherOpenSocket()
    {
        var app = new RollApp();
        // snippet: broadcast
        var sockets = app.WebSocketsStore();
        app.Route("/broadcast", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await sockets.BroadcastAsync(message.Text, except: socket);
            }
        }, protocol: "websocket");
        // end-snippet
        var events = new Events(app);
        await using var live = await LiveClient.StartAsync(app);
        var clients = new List<ClientWebSocket>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(await live.WebSocketAsync("/broadcast"));
        }
        await events.ConnectsAsync(3);
        Assert.Equal(3, sockets.Count);

        await clients[0].SendTextAsync("hello all");

        Assert.Equal("hello all", await clients[1].ReceiveTextAsync());
        Assert.Equal("hello all", await clients[2].ReceiveTextAsync());
        await clients[2].SendTextAsync("hello back");
        Assert.Equal("hello back", await clients[0].ReceiveTextAsync());
        Assert.Equal("hello back", await clients[1].ReceiveTextAsync());
        foreach (var client in clients)
        {
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            client.Dispose();
        }
        await events.DisconnectsAsync(3);
        Assert.Empty(sockets);
    }

    [Fact]
    public async Task TheStoreLivesInTheAppAndHoldsOpenSocketsOnly()
    {
        var app = new RollApp();
        var store = app.WebSocketsStore();
        var events = new Events(app);
        var inside = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        RollWebSocket? seen = null;
        app.Route("/ws", async (request, socket) =>
        {
            seen = socket;
            // snippet: typed-store
            inside.SetResult(request.App.GetWebSocketsStore().Contains(socket));
            // end-snippet
            await socket.ReceiveAsync();
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);

        using (var client = await live.WebSocketAsync("/ws"))
        {
            Assert.True(await inside.Task.WaitAsync(s_wait));
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        await events.DisconnectsAsync(1);

        Assert.Empty(store);
        Assert.Same(store, app["websockets"]);
        Assert.Same(store, app.WebSocketsStore());
        Assert.False(store.Contains(seen!));
    }

    [Fact]
    public void AnAppWithoutAStoreSaysHowToKeepOne()
    {
        var app = new RollApp();

        var error = Assert.Throws<InvalidOperationException>(() => app.GetWebSocketsStore());

        Assert.Contains("app.WebSocketsStore()", error.Message);
        Assert.Null(app["websockets"]);
    }

    [Fact]
    public async Task ABroadcastSkipsASocketThatIsClosing()
    {
        var app = new RollApp();
        var store = app.WebSocketsStore();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await store.BroadcastAsync(message.Text);
            }
        }, protocol: "websocket");
        var events = new Events(app);
        await using var live = await LiveClient.StartAsync(app);
        using var speaker = await live.WebSocketAsync("/ws");
        var leaving = await live.WebSocketAsync("/ws");
        await events.ConnectsAsync(2);

        leaving.Abort();
        await speaker.SendTextAsync("anyone?");

        Assert.Equal("anyone?", await speaker.ReceiveTextAsync());
    }

    /// <summary>Counts the connect and disconnect events, run after the store's own listeners (the store changes after the 101 is sent).</summary>
    private sealed class Events
    {
        private readonly SemaphoreSlim _connects = new(0);
        private readonly SemaphoreSlim _disconnects = new(0);

        public Events(RollApp app)
        {
            app.OnWebSocketConnect((request, socket) => { _connects.Release(); return Task.CompletedTask; });
            app.OnWebSocketDisconnect((request, socket) => { _disconnects.Release(); return Task.CompletedTask; });
        }

        public Task ConnectsAsync(int count) => WaitAsync(_connects, count);

        public Task DisconnectsAsync(int count) => WaitAsync(_disconnects, count);

        private static async Task WaitAsync(SemaphoreSlim events, int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await events.WaitAsync(s_wait));
            }
        }
    }
}

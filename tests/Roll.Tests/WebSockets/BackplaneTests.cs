using System.Net.WebSockets;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>The websockets store with a backplane: what it hands to the backplane, what it takes from it, and when it starts and stops it.</summary>
public class BackplaneTests
{
    [Fact]
    public async Task ABroadcastIsDeliveredHereAndPublishedOnceForTheOtherProcesses()
    {
        var backplane = new RecordingBackplane();
        var app = ChatApp(backplane);
        await using var live = await LiveClient.StartAsync(app);
        using var speaker = await live.WebSocketAsync("/chat");
        using var listener = await live.WebSocketAsync("/chat");
        await WaitForSocketsAsync(app, 2);

        await speaker.SendBytesAsync([1, 2, 3]);

        var message = await listener.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, message.Type);
        var published = Assert.Single(backplane.Published);
        Assert.Equal(WebSocketMessageType.Binary, published.Type);
        Assert.Equal([1, 2, 3], published.Data.ToArray());
        Assert.Same(app.WebSocketsStore(), backplane.Store);
    }

    [Fact]
    public async Task AMessageFromTheBackplaneReachesEveryLocalSocketAndIsNotPublishedAgain()
    {
        var backplane = new RecordingBackplane();
        var app = ChatApp(backplane);
        await using var live = await LiveClient.StartAsync(app);
        using var first = await live.WebSocketAsync("/chat");
        using var second = await live.WebSocketAsync("/chat");
        await WaitForSocketsAsync(app, 2);

        await backplane.Store!.BroadcastLocallyAsync(new WebSocketMessage(WebSocketMessageType.Text, "from elsewhere"u8.ToArray()));

        Assert.Equal("from elsewhere", await first.ReceiveTextAsync());
        Assert.Equal("from elsewhere", await second.ReceiveTextAsync());
        Assert.Empty(backplane.Published);
    }

    [Fact]
    public async Task TheBackplaneStartsWithTheAppAndStopsWithIt()
    {
        var backplane = new RecordingBackplane();
        var app = ChatApp(backplane);
        Assert.Same(app.WebSocketsStore(), app.WebSocketsStore(backplane));
        Assert.Throws<InvalidOperationException>(() => app.WebSocketsStore(new RecordingBackplane()));

        await using (var live = await LiveClient.StartAsync(app))
        {
            Assert.Equal(1, backplane.Starts);
            Assert.Equal(0, backplane.Stops);
        }

        Assert.Equal(1, backplane.Stops);
    }

    [Fact]
    public async Task WithoutABackplaneBytesAreBroadcastAsBytes()
    {
        var app = new RollApp();
        var store = app.WebSocketsStore();
        CountConnects(app);
        app.Route("/ws", async (request, socket) => await socket.ReceiveAsync(), protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");
        await WaitForSocketsAsync(app, 1);

        await store.BroadcastAsync(new byte[] { 9, 8, 7 });

        var message = await client.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, message.Type);
        Assert.Equal([9, 8, 7], message.Data.ToArray());
        Assert.Null(store.Backplane);
    }

    private static RollApp ChatApp(RecordingBackplane backplane)
    {
        var app = new RollApp();
        var store = app.WebSocketsStore(backplane);
        CountConnects(app);
        app.Route("/chat", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await store.BroadcastAsync(message, except: socket);
            }
        }, protocol: "websocket");
        return app;
    }

    private static async Task WaitForSocketsAsync(RollApp app, int count)
    {
        // The store takes a socket in the connect event, just after the client has its 101: wait for that event.
        var connects = (SemaphoreSlim)app["test.connects"]!;
        for (var i = 0; i < count; i++)
        {
            Assert.True(await connects.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    private static void CountConnects(RollApp app)
    {
        var connects = new SemaphoreSlim(0);
        app["test.connects"] = connects;
        app.OnWebSocketConnect((request, socket) =>
        {
            connects.Release();
            return Task.CompletedTask;
        });
    }

    private sealed class RecordingBackplane : IWebSocketsBackplane
    {
        private readonly List<WebSocketMessage> _published = [];

        public WebSocketsStore? Store { get; private set; }

        public int Starts { get; private set; }

        public int Stops { get; private set; }

        public IReadOnlyList<WebSocketMessage> Published
        {
            get
            {
                lock (_published)
                {
                    return [.. _published];
                }
            }
        }

        public Task StartAsync(RollApp app, WebSocketsStore store)
        {
            Store = store;
            Starts++;
            return Task.CompletedTask;
        }

        public void Publish(WebSocketMessage message)
        {
            lock (_published)
            {
                _published.Add(message);
            }
        }

        public Task StopAsync()
        {
            Stops++;
            return Task.CompletedTask;
        }
    }
}

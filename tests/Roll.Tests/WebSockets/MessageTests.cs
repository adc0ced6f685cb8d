using System.Net.WebSockets;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.WebSockets;

/// <summary>Messages over a real socket: whole however many frames they came in, text or bytes as sent, and the size limit.</summary>
public class MessageTests
{
    private const int Limit = 64 * 1024;

    /// <summary>An app whose /ws answers each message with its type, length and text (if short), and whose /echo sends it back.</summary>
    private static RollApp App()
    {
        var app = new RollApp();
        app.WebSockets.MaxMessageSize = Limit;
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                var text = message.IsText && message.Data.Length < 100 ? message.Text : "";
                await socket.SendAsync($"{message.Type} {message.Data.Length} {text}");
            }
        }, protocol: "websocket");
        app.Route("/echo", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        return app;
    }

    [Fact]
    public async Task AFragmentedTextMessageArrivesWhole()
    {
        await using var live = await LiveClient.StartAsync(App());
        using var client = await live.WebSocketAsync("/ws");

        await client.SendAsync("Hel"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await client.SendAsync("lo, "u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await client.SendAsync("world"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        Assert.Equal("Text 12 Hello, world", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task AFragmentedBinaryMessageArrivesWholeWithAPingBetweenItsFrames()
    {
        await using var live = await LiveClient.StartAsync(App());
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        await raw.SendFrameAsync(0x2, new byte[3000], fin: false);
        // RFC 6455 §5.4: control frames may come in the middle of a fragmented message.
        await raw.SendFrameAsync(0x9, "still there?"u8.ToArray());
        await raw.SendFrameAsync(0x0, new byte[3000], fin: false);
        await raw.SendFrameAsync(0x0, new byte[1000]);

        var pong = await raw.ReadFrameAsync(0xA);
        var answer = await raw.ReadFrameAsync(0x1);
        Assert.Equal("still there?", Encoding.UTF8.GetString(pong!.Value.Payload));
        Assert.Equal("Binary 7000 ", Encoding.UTF8.GetString(answer!.Value.Payload));
    }

    [Fact]
    public async Task TextComesBackAsTextAndBytesAsBytes()
    {
        await using var live = await LiveClient.StartAsync(App());
        using var client = await live.WebSocketAsync("/echo");

        await client.SendTextAsync("héllo");
        var text = await client.ReceiveMessageAsync();
        await client.SendBytesAsync([0, 1, 2, 255]);
        var bytes = await client.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("héllo", text.Text);
        Assert.Equal(WebSocketMessageType.Binary, bytes.Type);
        Assert.Equal([0, 1, 2, 255], bytes.Data.ToArray());
    }

    [Fact]
    public async Task AMessageAtTheLimitIsReceived()
    {
        await using var live = await LiveClient.StartAsync(App());
        using var client = await live.WebSocketAsync("/ws");

        // In several frames, so that the limit counts the whole message and not each frame.
        await client.SendAsync(new byte[Limit - 1000], WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
        await client.SendAsync(new byte[1000], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

        Assert.Equal($"Binary {Limit} ", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task AMessageOverTheLimitClosesWith1009()
    {
        await using var live = await LiveClient.StartAsync(App());
        using var client = await live.WebSocketAsync("/ws");

        await client.SendBytesAsync(new byte[Limit + 1]);
        var answer = await client.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Close, answer.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Equal($"Message larger than {Limit} bytes", client.CloseStatusDescription);
    }

    [Fact]
    public async Task AFragmentedMessageThatGrowsOverTheLimitClosesWith1009()
    {
        await using var live = await LiveClient.StartAsync(App());
        using var client = await live.WebSocketAsync("/ws");

        for (var i = 0; i < 4; i++)
        {
            await client.SendAsync(new byte[Limit / 4], WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
        }
        await client.SendAsync(new byte[1], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var answer = await client.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Close, answer.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    [Fact]
    public async Task TheDefaultLimitIsOneMebibyte()
    {
        var app = new RollApp();
        Assert.Equal(1024 * 1024, app.WebSockets.MaxMessageSize);
        app.Route("/ws", async (request, socket) => await socket.SendAsync($"{(await socket.ReceiveAsync()).Data.Length}"), protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var atLimit = await live.WebSocketAsync("/ws");
        using var overLimit = await live.WebSocketAsync("/ws");

        await atLimit.SendBytesAsync(new byte[1024 * 1024]);
        await overLimit.SendBytesAsync(new byte[1024 * 1024 + 1]);

        Assert.Equal("1048576", await atLimit.ReceiveTextAsync());
        Assert.Equal(WebSocketMessageType.Close, (await overLimit.ReceiveMessageAsync()).Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, overLimit.CloseStatus);
    }

    [Fact]
    public async Task TheServerSendsALargeMessageWhole()
    {
        var app = new RollApp();
        var large = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(large);
        app.Route("/ws", (request, socket) => socket.SendAsync(large), protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        var message = await client.ReceiveMessageAsync();

        Assert.Equal(large, message.Data.ToArray());
    }

    [Fact]
    public async Task MessagesWaitInOrderWhileTheHandlerIsBusy()
    {
        var app = new RollApp();
        app.WebSockets.MaxQueue = 2;
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/ws", async (request, socket) =>
        {
            await busy.Task;
            var texts = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                texts.Add((await socket.ReceiveAsync()).Text);
            }
            await socket.SendAsync(string.Join(",", texts));
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        for (var i = 0; i < 20; i++)
        {
            await client.SendTextAsync($"{i}");
        }
        busy.SetResult();

        Assert.Equal(string.Join(",", Enumerable.Range(0, 20)), await client.ReceiveTextAsync());
    }
}

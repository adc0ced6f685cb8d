using System.Net;
using System.Net.WebSockets;
using System.Text;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>How a websocket ends, from either side, over a real socket: the close codes and what the handler and the events see.</summary>
public class CloseTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WhenTheHandlerReturnsTheSocketClosesWith1000()
    {
        var app = new RollApp();
        app.Route("/ws", (request, socket) => socket.SendAsync("bye"), protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal("bye", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task TheHandlerCanCloseWithACodeAndAReasonOfItsOwn()
    {
        var app = new RollApp();
        app.Route("/ws", (request, socket) => socket.CloseAsync((WebSocketCloseStatus)4000, "not today"), protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);
        Assert.Equal(4000, (int)client.CloseStatus!);
        Assert.Equal("not today", client.CloseStatusDescription);
    }

    [Fact]
    public async Task WhenTheClientClosesTheLoopEndsAndTheCloseIsAnswered()
    {
        var ended = new TaskCompletionSource<WebSocketCloseStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
            ended.SetResult(socket.CloseStatus);
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        await client.CloseAsync((WebSocketCloseStatus)4001, "done", CancellationToken.None);

        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(4001, (int)client.CloseStatus!);
        Assert.Equal(4001, (int)(await ended.Task.WaitAsync(s_wait))!);
    }

    [Fact]
    public async Task WhenTheClientVanishesTheReceiveFailsCleanlyAndDisconnectStillRuns()
    {
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = 0;
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            try
            {
                await socket.ReceiveAsync();
            }
            catch (Exception error)
            {
                failed.SetResult(error);
                throw;
            }
        }, protocol: "websocket");
        app.OnWebSocketDisconnect((request, socket) => { disconnected.SetResult(); return Task.CompletedTask; });
        app.OnError((request, response, error) => Interlocked.Increment(ref errors));
        await using var live = await LiveClient.StartAsync(app);
        var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        raw.Abort();

        Assert.IsType<WebSocketClosedException>(await failed.Task.WaitAsync(s_wait));
        await disconnected.Task.WaitAsync(s_wait);
        Assert.Equal(0, errors);
    }

    [Fact]
    public async Task WhenTheServerStopsOpenSocketsCloseWith1001()
    {
        var app = new RollApp();
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/ws", async (request, socket) =>
        {
            open.SetResult();
            await foreach (var message in socket)
            {
                await socket.SendAsync(message);
            }
        }, protocol: "websocket");
        var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");
        await open.Task.WaitAsync(s_wait);

        var stopping = live.DisposeAsync().AsTask();
        var message = await client.ReceiveMessageAsync();
        await stopping.WaitAsync(s_wait);

        Assert.Equal(WebSocketMessageType.Close, message.Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
    }

    [Fact]
    public async Task WhenTheHandlerThrowsTheSocketClosesWith1011AndTheErrorIsReported()
    {
        var reported = new TaskCompletionSource<HttpError>(TaskCreationOptions.RunContinuationsAsynchronously);
        var disconnected = false;
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            await socket.ReceiveAsync();
            throw new InvalidOperationException("the handler broke");
        }, protocol: "websocket");
        app.OnWebSocketDisconnect((request, socket) => { disconnected = true; return Task.CompletedTask; });
        app.OnError((request, response, error) => reported.SetResult(error));
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        await client.SendTextAsync("go");
        var message = await client.ReceiveMessageAsync();
        var error = await reported.Task.WaitAsync(s_wait);

        Assert.Equal(WebSocketMessageType.Close, message.Type);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("the handler broke", error.InnerException!.Message);
        Assert.True(disconnected);
    }

    [Fact]
    public async Task AClientThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout()
    {
        var app = new RollApp();
        app.WebSockets.CloseTimeout = TimeSpan.FromMilliseconds(300);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/ws", (request, socket) => Task.CompletedTask, protocol: "websocket");
        app.OnWebSocketDisconnect((request, socket) => { disconnected.SetResult(); return Task.CompletedTask; });
        await using var live = await LiveClient.StartAsync(app);
        await using var raw = await RawWebSocket.ConnectAsync(live.Port, "/ws");

        var close = await raw.ReadFrameAsync();
        await raw.WaitForEndAsync().WaitAsync(s_wait);

        Assert.Equal(0x8, close!.Value.Opcode);
        Assert.Equal(1000, close.Value.Payload[0] << 8 | close.Value.Payload[1]);
        await disconnected.Task.WaitAsync(s_wait);
    }

    [Fact]
    public async Task AHandlerThatIsCancelledClosesWith1001()
    {
        var app = new RollApp();
        app.Route("/ws", async (request, socket) =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Task.Delay(Timeout.Infinite, cancel.Token);
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveMessageAsync()).Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        Assert.Equal("Going away", client.CloseStatusDescription);
    }

    [Fact]
    public async Task TheCloseReasonIsKeptWithTheCode()
    {
        var app = new RollApp();
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/ws", async (request, socket) =>
        {
            var closed = await Assert.ThrowsAsync<WebSocketClosedException>(() => socket.ReceiveAsync());
            seen.SetResult($"{(int?)closed.Status} {socket.CloseDescription}");
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        await client.CloseAsync(WebSocketCloseStatus.PolicyViolation, Encoding.UTF8.GetString("policy"u8), CancellationToken.None);

        Assert.Equal("1008 policy", await seen.Task.WaitAsync(s_wait));
    }
}

using System.Net.WebSockets;
using Roll.Testing;
using Roll.WebSockets;

namespace Roll.Tests.WebSockets;

/// <summary>A client that never reads cannot hold a handler for ever: a send blocked past SendTimeout drops it.</summary>
public class SendTimeoutTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ASendToAClientThatNeverReadsEndsAfterTheSendTimeoutAndDropsTheClient()
    {
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.WebSockets.SendTimeout = TimeSpan.FromMilliseconds(200);
        app.WebSockets.KeepAliveInterval = TimeSpan.Zero;
        app.Route("/ws", async (request, socket) =>
        {
            var chunk = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    await socket.SendAsync(chunk);
                }
            }
            catch (Exception error)
            {
                failed.SetResult(error);
                throw;
            }
        }, protocol: "websocket");
        app.OnWebSocketDisconnect((request, socket) => { disconnected.TrySetResult(); return Task.CompletedTask; });
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        var error = await failed.Task.WaitAsync(s_wait);
        await disconnected.Task.WaitAsync(s_wait);

        var closed = Assert.IsType<WebSocketClosedException>(error);
        Assert.Contains("read nothing", closed.Message);
        Assert.Null(closed.Status);
    }

    [Fact]
    public async Task ASendThatTheClientReadsIsNotCutByTheTimeout()
    {
        var app = new RollApp();
        app.WebSockets.SendTimeout = TimeSpan.FromSeconds(2);
        app.Route("/ws", async (request, socket) =>
        {
            for (var i = 0; i < 64; i++)
            {
                await socket.SendAsync(new byte[64 * 1024]);
            }
        }, protocol: "websocket");
        await using var live = await LiveClient.StartAsync(app);
        using var client = await live.WebSocketAsync("/ws");

        var received = 0;
        while ((await client.ReceiveMessageAsync()).Type != WebSocketMessageType.Close)
        {
            received++;
        }

        Assert.Equal(64, received);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }
}

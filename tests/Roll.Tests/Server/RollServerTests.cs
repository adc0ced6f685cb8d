using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Roll.Server;

namespace Roll.Tests.Server;

public class RollServerTests
{
    [Fact]
    public async Task ServesOverTcpOnAPortTheSystemPicks()
    {
        await using var server = new RollServer(App(out _));
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        var endPoint = Assert.IsType<IPEndPoint>(Assert.Single(server.EndPoints));

        using var client = await SocketClient.ConnectAsync(endPoint);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.NotEqual(0, endPoint.Port);
        Assert.Equal("fast", (await client.ReadResponseAsync()).Text);
        Assert.Equal("fast", (await client.ReadResponseAsync()).Text);
        await client.AssertClosedAsync();
    }

    [Fact]
    public async Task ServesOverAUnixDomainSocket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roll-{Guid.NewGuid():N}.sock");
        await using (var server = new RollServer(App(out _)))
        {
            server.ListenUnixSocket(path);
            await server.StartAsync();

            using var client = await SocketClient.ConnectAsync(new UnixDomainSocketEndPoint(path));
            await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            Assert.Equal("fast", (await client.ReadResponseAsync()).Text);
            await client.AssertClosedAsync();
        }

        Assert.False(File.Exists(path), "The socket file outlived the server.");
    }

    [Fact]
    public async Task ListeningOnAUnixSocketReplacesAStaleSocketFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roll-{Guid.NewGuid():N}.sock");
        await File.WriteAllTextAsync(path, "left over by a crashed server");
        await using var server = new RollServer(App(out _));
        server.ListenUnixSocket(path);
        await server.StartAsync();

        using var client = await SocketClient.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await client.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal("fast", (await client.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task StopFinishesTheRequestInFlightClosesIdleConnectionsAndRefusesNewOnes()
    {
        var app = App(out var slow);
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.OnShutdown(() => shutdown.SetResult());
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        var endPoint = server.EndPoints[0];
        using var idle = await SocketClient.ConnectAsync(endPoint);
        await idle.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await idle.ReadResponseAsync();
        using var busy = await SocketClient.ConnectAsync(endPoint);
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        await slow.Entered.Task.WaitAsync(RawConnection.Patience);

        var stopping = server.StopAsync();

        await idle.AssertClosedAsync();
        await Assert.ThrowsAnyAsync<SocketException>(() => SocketClient.ConnectAsync(endPoint));
        Assert.False(stopping.IsCompleted, "The server stopped before its request in flight was answered.");
        Assert.False(shutdown.Task.IsCompleted, "The shutdown event fired before the request in flight was answered.");
        slow.Release.SetResult();
        var answer = await busy.ReadResponseAsync();
        Assert.Equal("slow, but whole", answer.Text);
        Assert.True(answer.AsksToClose);
        await busy.AssertClosedAsync();
        await stopping.WaitAsync(RawConnection.Patience);
        Assert.True(shutdown.Task.IsCompleted, "The shutdown event did not fire.");
    }

    [Fact]
    public async Task StopClosesTheConnectionsAStuckRequestHoldsAfterTheShutdownTimeout()
    {
        var app = App(out var slow);
        app.Limits.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        var log = new RecordingLogger();
        app.Logger = log;
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        using var busy = await SocketClient.ConnectAsync(server.EndPoints[0]);
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        await slow.Entered.Task.WaitAsync(RawConnection.Patience);

        var stopping = server.StopAsync();
        await busy.AssertClosedAsync();
        slow.Release.SetResult();

        await stopping.WaitAsync(RawConnection.Patience);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    private static RollApp App(out SlowHandler slow)
    {
        var handler = new SlowHandler();
        slow = handler;
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "fast");
        app.Route("/slow", async (request, response) =>
        {
            handler.Entered.TrySetResult();
            await handler.Release.Task;
            response.Body = "slow, but whole";
        });
        return app;
    }

    /// <summary>Keeps what the engine logs, to check that an expected ending is not reported as a failure.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((logLevel, $"{formatter(state, exception)} {exception}"));
    }

    private sealed class SlowHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

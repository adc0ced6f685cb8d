using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Roll.Testing;

namespace Roll.Redis.Tests;

/// <summary>One process of a chat app as the tests see it: its own server on a free port, a Redis backplane, its log.</summary>
internal sealed class ChatProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _connects = new(0);
    private LiveClient _live = null!;

    private ChatProcess(string redis, string channelPrefix)
    {
        Backplane = new RedisBackplane(redis, channelPrefix);
        App = new RollApp { Logger = Log };
        Store = App.WebSocketsStore(Backplane);
        App.Route("/chat", async (request, socket) =>
        {
            await foreach (var message in socket)
            {
                await Store.BroadcastAsync(message, except: socket);
            }
        }, protocol: "websocket");
        App.OnWebSocketConnect((request, socket) =>
        {
            _connects.Release();
            return Task.CompletedTask;
        });
    }

    public RollApp App { get; }

    public RedisBackplane Backplane { get; }

    public WebSocketsStore Store { get; }

    public LogLines Log { get; } = new();

    /// <summary>Starts the app, its startup listeners (the backplane's subscription) included.</summary>
    public static async Task<ChatProcess> StartAsync(string redis, string channelPrefix = "roll:")
    {
        var process = new ChatProcess(redis, channelPrefix);
        process._live = await LiveClient.StartAsync(process.App);
        return process;
    }

    /// <summary>Starts the app and waits until its backplane has subscribed: on a busy machine, the first connect may take longer than the 2 s the start waits.</summary>
    public static async Task<ChatProcess> StartSubscribedAsync(string redis, string channelPrefix = "roll:")
    {
        var process = await StartAsync(redis, channelPrefix);
        for (var waited = 0; !process.Backplane.IsConnected; waited += 20)
        {
            // Nothing to await: the client connects and subscribes in the background.
            Assert.True(waited < 15_000, "The backplane did not subscribe within 15 s.");
            await Task.Delay(20);
        }
        return process;
    }

    /// <summary>Opens a client on the chat and waits until the store holds its socket.</summary>
    public async Task<ClientWebSocket> ConnectAsync()
    {
        var client = await _live.WebSocketAsync("/chat");
        Assert.True(await _connects.WaitAsync(s_wait));
        return client;
    }

    public ValueTask DisposeAsync() => _live.DisposeAsync();
}

/// <summary>What an app logged, to be read or awaited by the tests.</summary>
internal sealed class LogLines : ILogger
{
    private readonly List<(LogLevel Level, string Text)> _lines = [];
    private readonly List<(string Part, TaskCompletionSource Seen)> _waiting = [];

    public IReadOnlyList<(LogLevel Level, string Text)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public Task WaitForAsync(string part)
    {
        lock (_lines)
        {
            if (_lines.Any(line => line.Text.Contains(part, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((part, seen));
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception);
        lock (_lines)
        {
            _lines.Add((logLevel, text));
            foreach (var waiting in _waiting.Where(waiting => text.Contains(waiting.Part, StringComparison.Ordinal)).ToArray())
            {
                waiting.Seen.TrySetResult();
                _waiting.Remove(waiting);
            }
        }
    }
}

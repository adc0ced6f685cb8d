using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Roll.Server;

namespace Roll.Tests.Server;

public class ConnectionGateTests
{
    [Fact]
    public async Task AtItsCapTheGateWaitsForAConnectionToLeave()
    {
        using var gate = new ConnectionGate { Cap = 2 };
        Assert.True(await gate.EnterAsync(CancellationToken.None));
        Assert.True(await gate.EnterAsync(CancellationToken.None));

        var third = gate.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        gate.Leave();

        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, gate.Open);
    }

    [Fact]
    public async Task AWaitingEntryEndsWhenTheServerStops()
    {
        using var gate = new ConnectionGate { Cap = 1 };
        using var stopping = new CancellationTokenSource();
        await gate.EnterAsync(stopping.Token);

        var second = gate.EnterAsync(stopping.Token).AsTask();
        stopping.Cancel();

        Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AtTheDescriptorLimitTheCapDropsUnderTheConnectionsOpenByTheReserve()
    {
        using var gate = new ConnectionGate();
        for (var i = 0; i < 100; i++)
        {
            await gate.EnterAsync(CancellationToken.None);
        }

        Assert.Equal(100 - ConnectionGate.ReserveSize, gate.LimitReached());
        Assert.Equal(100 - ConnectionGate.ReserveSize, gate.Cap);
    }

    [Fact]
    public async Task AMaxConnectionsAboveWhatTheDescriptorLimitAllowsIsLoweredWithAWarning()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var app = new RollApp();
        app.Limits.MaxConnections = int.MaxValue;
        var log = new EventLogger();
        app.Logger = log;
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));

        await server.StartAsync();

        Assert.Contains("ConnectionCapLowered", log.Events);
    }

    private sealed class EventLogger : ILogger
    {
        public ConcurrentQueue<string?> Events { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Events.Enqueue(eventId.Name);
    }
}

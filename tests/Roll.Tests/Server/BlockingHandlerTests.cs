using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Roll.Testing;

namespace Roll.Tests.Server;

public class BlockingHandlerTests
{
    [Fact]
    public async Task AHandlerThatBlocksItsThreadIsReportedButOneThatAwaitsIsNot()
    {
        var warned = new ManualResetEventSlim();
        var log = new WarningLogger(warned);
        var awaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp { Logger = log };
        app.Route("/awaits", async (request, response) =>
        {
            entered.TrySetResult();
            await awaiting.Task;
            response.Body = "awaited";
        });
        app.Route("/blocks", (request, response) =>
        {
            // Blocks its thread until the engine has reported it (or gives up, so a missing report fails, not hangs).
            response.Body = warned.Wait(TimeSpan.FromSeconds(30)) ? "reported" : "not reported";
        });
        await using var first = new TestClient(app);
        await using var second = new TestClient(app);

        var awaited = first.GetAsync("/awaits");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var blocked = await second.GetAsync("/blocks");

        Assert.Equal("reported", blocked.Text);
        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith("GET /blocks has held its thread for over a second without awaiting", warning);
        awaiting.SetResult();
        Assert.Equal("awaited", (await awaited).Text);
        Assert.Single(log.Warnings);
    }

    private sealed class WarningLogger(ManualResetEventSlim warned) : ILogger
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Enqueue(formatter(state, exception));
                warned.Set();
            }
        }
    }
}

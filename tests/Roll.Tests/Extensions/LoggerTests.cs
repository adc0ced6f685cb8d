using System.Net;
using Microsoft.Extensions.Logging;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class LoggerTests
{
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", (request, response, name) => response.Body = $"Hello {name}");
        app.Route("/boom", (request, response) => throw new InvalidOperationException("boom"));
        return app;
    }

    // snippet: logger
    [Fact]
    public async Task EveryRequestIsLoggedAsMethodAndUrl()
    {
        var logger = new ListLogger();
        var app = App();
        app.Logger(logger);
        await using var client = new TestClient(app);

        await client.GetAsync("/hello/world?greeting=hi");
        await client.PostAsync("/hello/world", "body");

        Assert.Equal(
            [(LogLevel.Information, "GET /hello/world?greeting=hi"), (LogLevel.Information, "POST /hello/world")],
            logger.Lines);
    }
    // end-snippet

    [Fact]
    public async Task UnknownPathsAndErrorsAreLoggedToo()
    {
        var logger = new ListLogger();
        var app = App();
        app.Logger(logger);
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/nowhere")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/boom")).Status);

        Assert.Equal(["GET /nowhere", "GET /boom"], logger.Lines.Select(line => line.Message));
    }

    [Fact]
    public async Task LinesAreLoggedAtTheLevelGiven()
    {
        var logger = new ListLogger();
        var app = App();
        app.Logger(logger, level: LogLevel.Debug);
        await using var client = new TestClient(app);

        await client.GetAsync("/hello/world");

        Assert.Equal(LogLevel.Debug, Assert.Single(logger.Lines).Level);
    }

    [Fact]
    public async Task WithoutALoggerTheConsoleLoggerIsMadeAndDisposedAtShutdown()
    {
        var app = App();
        app.Logger();

        await using (var client = await TestClient.StartAsync(app))
        {
            Assert.Equal("Hello world", (await client.GetAsync("/hello/world")).Text);
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>An exception no one expected: the client learns nothing of it, the operator learns everything.</summary>
public class UnexpectedErrorsTests
{
    private const string Secret = "Connection string 'Server=db;Password=hunter2' is invalid";

    private static RollApp App(CapturedLogs logs)
    {
        var app = new RollApp { Logger = LoggerFactory.Create(builder => builder.AddProvider(logs)).CreateLogger("Roll") };
        app.Route("/boom", (request, response) => throw new InvalidOperationException(Secret));
        app.Route("/refused", (request, response) => throw new HttpError(HttpStatusCode.Conflict, "Already there"));
        return app;
    }

    [Fact]
    public async Task AHandlersExceptionIsA500WhoseBodyHoldsNothingOfItsMessage()
    {
        await using var client = new TestClient(App(new CapturedLogs()));

        var response = await client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Internal Server Error", response.Text);
    }

    [Fact]
    public async Task AHandlersExceptionIsLoggedAtErrorWithTheMethodThePathAndTheStack()
    {
        var logs = new CapturedLogs();
        await using var client = new TestClient(App(logs));

        await client.GetAsync("/boom?token=x");

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("GET /boom failed", entry.Message);
        Assert.Equal(Secret, entry.Exception?.Message);
        Assert.Contains(nameof(UnexpectedErrorsTests), entry.Exception?.StackTrace);
    }

    [Fact]
    public async Task AnHttpErrorKeepsItsMessageAndIsNotLogged()
    {
        var logs = new CapturedLogs();
        await using var client = new TestClient(App(logs));

        var response = await client.GetAsync("/refused");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("Already there", response.Text);
        Assert.Empty(logs.Entries);
    }

    [Fact]
    public async Task AnErrorListenerThatThrowsIsLoggedAndTellsTheClientNothing()
    {
        var logs = new CapturedLogs();
        var app = App(logs);
        app.OnError((request, response, error) => throw new InvalidOperationException("The error page reads " + Secret));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/refused");

        Assert.Equal("Internal Server Error", response.Text);
        Assert.Contains(logs.Entries, entry => entry.Exception?.Message.Contains(Secret, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ShowErrorDetailsSendsTheMessageForDevelopment()
    {
        var app = App(new CapturedLogs());
        app.ShowErrorDetails = true;
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(Secret, response.Text);
    }

    /// <summary>Keeps every entry logged through the loggers it makes.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((logLevel, formatter(state, exception), exception));

        public void Dispose()
        {
        }
    }
}

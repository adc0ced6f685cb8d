using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Roll.Diagnostics;
using Roll.Testing;

namespace Roll.Tests.Diagnostics;

[Collection(TelemetryCollection.Name)]
public class LogCorrelationTests
{
    /// <summary>A logging provider that keeps each message with the scopes it was logged under, as a console logger with scopes prints them.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope, ILogger
    {
        private IExternalScopeProvider? _scopes;

        public List<(string Message, Dictionary<string, object?> Scope)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            _scopes?.ForEachScope((item, values) =>
            {
                if (item is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        values[key] = value;
                    }
                }
            }, scope);
            lock (Lines)
            {
                Lines.Add((formatter(state, exception), scope));
            }
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task AMessageLoggedWhileAnsweringCarriesTheTraceAndSpanIds()
    {
        using var recorder = new TelemetryRecorder(metrics: false);
        var capture = new ScopeCapture();
        // The configuration Roll's own loggers are built with (the logger extension, ServeAsync's console).
        using var factory = LoggerFactory.Create(builder => builder.TrackSpans().AddProvider(capture));
        var app = new RollApp { Logger = factory.CreateLogger("test") };
        app.Logger(app.Logger);
        await using var client = new TestClient(app);

        await client.GetAsync("/nowhere", new Dictionary<string, string> { ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });

        var span = await recorder.WaitForSpanAsync(_ => true);
        var (message, scope) = Assert.Single(capture.Lines);
        Assert.Equal("GET /nowhere", message);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", scope["TraceId"]);
        Assert.Equal(span.SpanId.ToHexString(), scope["SpanId"]);
        Assert.Equal("b7ad6b7169203331", scope["ParentId"]);
    }
}

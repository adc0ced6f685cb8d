using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Roll.Diagnostics;

namespace Roll;

/// <summary>The <c>logger</c> extension: one line per request, <c>METHOD url</c>, through Microsoft.Extensions.Logging.</summary>
public static partial class LoggerExtensions
{
    /// <summary>The category of the console logger made when none is given.</summary>
    public const string Category = "Roll";

    /// <summary>Logs <c>METHOD url</c> for every request once it is answered (unknown paths and errors included).</summary>
    /// <param name="app">The app to extend.</param>
    /// <param name="logger">Where the lines go; a single-line console logger when null.</param>
    /// <param name="level">The level of each line.</param>
    public static void Logger(this RollApp app, ILogger? logger = null, LogLevel level = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (logger is null)
        {
            // A line logged under a request's span says its trace and span ids (=> SpanId:…, TraceId:…).
            var factory = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(level)
                .TrackSpans()
                .AddSimpleConsole(options =>
                {
                    options.SingleLine = true;
                    options.IncludeScopes = true;
                    options.ColorBehavior = LoggerColorBehavior.Default;
                }));
            logger = factory.CreateLogger(Category);
            // The console logger writes from a queue of its own: disposing it flushes the last lines.
            app.OnShutdown(factory.Dispose);
        }
        app.OnResponse((request, response) => LogRequest(logger, level, request.Method, request.Url));
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Message = "{Method} {Url}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string url);
}

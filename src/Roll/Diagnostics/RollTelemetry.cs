using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Roll;

/// <summary>The names under which Roll reports metrics and traces, and its instruments: a <see cref="Meter"/> and an <see cref="ActivitySource"/> both named <c>Roll</c>.</summary>
/// <remarks>
/// The instruments follow the OpenTelemetry HTTP semantic conventions (<c>http.server.*</c>) and, for connections,
/// Kestrel's (<c>roll.server.*</c> beside <c>kestrel.*</c>). Nothing is measured until a listener enables an
/// instrument or samples the source: until then a request costs a few field reads more.
/// </remarks>
public static class RollTelemetry
{
    /// <summary>The name of Roll's <see cref="Meter"/>: <c>Roll</c> (<c>dotnet-counters monitor --counters Roll</c>, <c>AddMeter("Roll")</c>).</summary>
    public const string MeterName = "Roll";

    /// <summary>The name of Roll's <see cref="ActivitySource"/>: <c>Roll</c> (<c>AddSource("Roll")</c>).</summary>
    public const string ActivitySourceName = "Roll";

    /// <summary>The name of the request duration histogram, in seconds.</summary>
    public const string RequestDuration = "http.server.request.duration";

    /// <summary>The name of the counter of requests being answered.</summary>
    public const string ActiveRequests = "http.server.active_requests";

    /// <summary>The name of the counter of open connections on Roll's engine (and of Kestrel's connections on the bridge).</summary>
    public const string ActiveConnections = "roll.server.active_connections";

    /// <summary>The name of the connection duration histogram, in seconds.</summary>
    public const string ConnectionDuration = "roll.server.connection.duration";

    /// <summary>The name of the counter of connections closed unserved (accepted while the server was stopping).</summary>
    public const string RejectedConnections = "roll.server.rejected_connections";

    /// <summary>The name of the counter of requests the engine refused, by <c>error.type</c>: <c>bad_request</c>, <c>timeout</c>, <c>too_large</c>, <c>response_timeout</c>.</summary>
    public const string RequestErrors = "roll.server.request_errors";

    /// <summary>The name of the counter of open websockets.</summary>
    public const string ActiveWebSockets = "roll.server.active_websockets";

    /// <summary>The name of the counter of websocket messages received, by <c>roll.websocket.message.type</c>.</summary>
    public const string WebSocketMessagesReceived = "roll.server.websocket.messages_received";

    /// <summary>The name of the counter of websocket messages sent, by <c>roll.websocket.message.type</c>.</summary>
    public const string WebSocketMessagesSent = "roll.server.websocket.messages_sent";

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    // The conventions' advised boundaries (semantic-conventions, http-metrics: http.server.request.duration).
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram(RequestDuration, unit: "s",
        description: "Duration of HTTP server requests.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    internal static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(ActiveRequests, unit: "{request}",
        description: "Number of active HTTP server requests.");

    internal static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>(ActiveConnections, unit: "{connection}",
        description: "Number of connections that are currently active on the server.");

    // Kestrel's boundaries for kestrel.connection.duration: connections live from milliseconds to minutes.
    internal static readonly Histogram<double> ConnectionLife = Meter.CreateHistogram(ConnectionDuration, unit: "s",
        description: "The duration of connections on the server.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] });

    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>(RejectedConnections, unit: "{connection}",
        description: "Number of connections closed without being served because the server was stopping.");

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(RequestErrors, unit: "{request}",
        description: "Number of requests the engine refused before or while reading them, by reason.");

    internal static readonly UpDownCounter<long> WebSockets = Meter.CreateUpDownCounter<long>(ActiveWebSockets, unit: "{websocket}",
        description: "Number of websockets open on the server.");

    internal static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>(WebSocketMessagesReceived, unit: "{message}",
        description: "Number of whole websocket messages received.");

    internal static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(WebSocketMessagesSent, unit: "{message}",
        description: "Number of whole websocket messages sent.");
}

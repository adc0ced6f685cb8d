using System.Diagnostics;

namespace Roll;

// What the engine's telemetry keeps on a request between its start and its answer (Diagnostics/RequestTelemetry.cs).
public partial class Request
{
    /// <summary>This request's server span, while it is being answered, when a listener of the <c>Roll</c> activity source samples it; null otherwise.</summary>
    /// <remarks>It is also <see cref="Activity.Current"/> while the handler runs, so an <c>HttpClient</c> call made there carries the trace on.</remarks>
    public Activity? Activity { get; internal set; }

    /// <summary>When the request began (<see cref="Stopwatch.GetTimestamp"/>), while it is observed; 0 otherwise.</summary>
    internal long TelemetryStart;

    /// <summary>Whether the request was counted in <c>http.server.active_requests</c>, so that the count goes down once only if it went up.</summary>
    internal bool CountedActive;

    /// <summary>The exception that made an observed request fail, for <c>error.type</c>.</summary>
    internal Exception? Failure;
}

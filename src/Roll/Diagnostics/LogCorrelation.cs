using Microsoft.Extensions.Logging;

namespace Roll.Diagnostics;

/// <summary>How the loggers Roll builds tie each message to the request's span: the trace and span ids as a scope.</summary>
internal static class LogCorrelation
{
    /// <summary>The ids every message logged under a span carries: its trace, its own and its parent's.</summary>
    public const ActivityTrackingOptions Ids = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId;

    /// <summary>Adds the current span's ids to the scope of every message (printed by a console logger that includes scopes).</summary>
    public static ILoggingBuilder TrackSpans(this ILoggingBuilder builder)
        => builder.Configure(options => options.ActivityTrackingOptions = Ids);
}

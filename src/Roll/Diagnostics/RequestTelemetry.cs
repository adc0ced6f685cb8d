using System.Diagnostics;
using System.Net;
using Roll.Routing;

namespace Roll.Diagnostics;

/// <summary>A request's metrics and server span: begun by the engine once the head is parsed and the route looked up, ended once the answer is sent.</summary>
/// <remarks>
/// The engine asks <see cref="IsObserved"/> first (three field reads) and calls nothing else when it is false: a
/// request nobody listens to allocates nothing and records nothing. Attributes follow the OpenTelemetry HTTP
/// conventions; <c>http.route</c> is the matched route's pattern, never the path, so that a client cannot make
/// new time series by inventing paths.
/// </remarks>
internal static class RequestTelemetry
{
    private const string OtherMethod = "_OTHER";

    // Boxed once: a status code as an attribute value would otherwise be boxed on every request.
    private static readonly object[] s_statusCodes = Enumerable.Range(0, 600).Select(code => (object)code).ToArray();
    private static readonly string[] s_statusTexts = Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Whether a listener wants this request's duration, its count in flight or its span.</summary>
    public static bool IsObserved => RollTelemetry.Duration.Enabled || RollTelemetry.Active.Enabled || RollTelemetry.Source.HasListeners();

    /// <summary>Starts the clock, counts the request in flight and starts its span when a listener samples it.</summary>
    /// <param name="request">The request, its head parsed and its route looked up.</param>
    /// <param name="networkVersion">The HTTP version the client spoke: "1.1", "1.0", or on the Kestrel bridge "2" or "3".</param>
    public static void Begin(Request request, string networkVersion)
    {
        request.TelemetryStart = Stopwatch.GetTimestamp();
        request.Failure = null;
        var method = Method(request.Method);
        var scheme = request.Scheme;
        if (RollTelemetry.Active.Enabled)
        {
            RollTelemetry.Active.Add(1, new TagList { { "http.request.method", method }, { "url.scheme", scheme } });
            request.CountedActive = true;
        }
        if (RollTelemetry.Source.HasListeners())
        {
            request.Activity = StartSpan(request, method, scheme, networkVersion);
        }
    }

    /// <summary>Notes the exception that made an observed request fail, for <c>error.type</c> and the span's exception event; returns false, for use in an exception filter.</summary>
    public static bool Fail(Request request, Exception exception)
    {
        if (request.TelemetryStart != 0)
        {
            request.Failure ??= exception;
        }
        return false;
    }

    /// <summary>Records the duration, ends the count in flight and ends the span, with the status sent.</summary>
    public static void End(Request request, Response response, string networkVersion)
    {
        var status = Math.Clamp((int)response.Status, 0, 599);
        var method = Method(request.Method);
        var route = request.Route.Route?.Pattern;
        var failure = request.Failure;
        // The conventions: the exception's type when one made the request fail, else the status code of a 5xx.
        var errorType = failure is not null ? failure.GetType().FullName : status >= 500 ? s_statusTexts[status] : null;
        if (request.Activity is { } span)
        {
            span.SetTag("http.response.status_code", s_statusCodes[status]);
            if (errorType is not null)
            {
                span.SetTag("error.type", errorType);
                span.SetStatus(ActivityStatusCode.Error);
            }
            if (failure is not null)
            {
                span.AddException(failure);
            }
            span.Stop();
            request.Activity = null;
        }
        if (RollTelemetry.Duration.Enabled)
        {
            var tags = new TagList
            {
                { "http.request.method", method },
                { "url.scheme", request.Scheme },
                { "network.protocol.version", networkVersion },
                { "http.response.status_code", s_statusCodes[status] },
            };
            if (route is not null)
            {
                tags.Add("http.route", route);
            }
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }
            RollTelemetry.Duration.Record(Stopwatch.GetElapsedTime(request.TelemetryStart).TotalSeconds, tags);
        }
        if (request.CountedActive)
        {
            request.CountedActive = false;
            RollTelemetry.Active.Add(-1, new TagList { { "http.request.method", method }, { "url.scheme", request.Scheme } });
        }
        request.TelemetryStart = 0;
        request.Failure = null;
    }

    /// <summary>The method as the conventions name it: one of the nine of RFC 9110 and RFC 5789, or <c>_OTHER</c>.</summary>
    public static string Method(string method) => method switch
    {
        "GET" or "HEAD" or "POST" or "PUT" or "DELETE" or "OPTIONS" or "PATCH" or "TRACE" or "CONNECT" => method,
        _ => OtherMethod,
    };

    private static Activity? StartSpan(Request request, string method, string scheme, string networkVersion)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(request.Headers, static (carrier, name, out value, out values) =>
        {
            values = null;
            value = ((RequestHeaders)carrier!)[name];
        }, out var traceParent, out var traceState);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var route = request.Route.Route;
        var name = route is null ? SpanMethod(method) : SpanName(route, method);
        var tags = new List<KeyValuePair<string, object?>>(6)
        {
            new("http.request.method", method),
            new("url.scheme", scheme),
            new("url.path", request.Path),
            new("network.protocol.version", networkVersion),
        };
        if (method == OtherMethod)
        {
            tags.Add(new("http.request.method_original", request.Method));
        }
        if (route is not null)
        {
            tags.Add(new("http.route", route.Pattern));
        }
        // A server span's parent is the client's traceparent, or none: never whatever span was current where the
        // connection happened to start (an in-memory test client's, say).
        Activity.Current = null;
        var span = RollTelemetry.Source.StartActivity(name, ActivityKind.Server, parent, tags);
        if (span is { IsAllDataRequested: true })
        {
            if (request.Headers["User-Agent"] is { } userAgent)
            {
                span.SetTag("user_agent.original", userAgent);
            }
            if (request.ClientAddress is { } client)
            {
                span.SetTag("client.address", client.ToString());
            }
            if (request.QueryString.Length > 0)
            {
                span.SetTag("url.query", request.QueryString);
            }
        }
        return span;
    }

    /// <summary>The span's name for a request with no route: the method, or <c>HTTP</c> for one outside the known nine.</summary>
    private static string SpanMethod(string method) => method == OtherMethod ? "HTTP" : method;

    /// <summary>The span's name for a route, <c>GET /hello/{name}</c>, kept on the route for the next request of that method.</summary>
    private static string SpanName(Route route, string method)
    {
        if (route.SpanName is { } cached && cached.Method == method)
        {
            return cached.Name;
        }
        var name = $"{SpanMethod(method)} {route.Pattern}";
        route.SpanName = new SpanName(method, name);
        return name;
    }
}

/// <summary>A route's span name for one method, cached on the route (one reference, so that threads never see half of it).</summary>
internal sealed record SpanName(string Method, string Name);

using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Roll;

/// <summary>How a Roll app answers one request: events, route, body, handler, errors.</summary>
public partial class RollApp
{
    /// <summary>Answers a request whose head was parsed: fills <paramref name="response"/>; the engine sends it.</summary>
    /// <remarks>
    /// headers listeners → 404 (or the answer to OPTIONS *)/501/405 → body load (unless lazy) → request listeners → handler → response listeners.
    /// An exception anywhere becomes an error response through <see cref="HandleErrorAsync"/>; the response
    /// listeners run in every case, so that extensions such as CORS see every answer.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask HandleAsync(Request request, Response response)
    {
        try
        {
            var route = request.Route.Route;
            if (_headers.Count == 0 || !await RunAsync(_headers, request, response).ConfigureAwait(false))
            {
                if (route is null)
                {
                    if (request.Path != "*")
                    {
                        throw NotFound(request.Path);
                    }
                    AnswerServerOptions(response);
                }
                else
                {
                    CheckProtocol(request, response, route);
                    var handler = route.HandlerFor(request.Method);
                    if (handler is null)
                    {
                        response.Headers["Allow"] = route.AllowHeader();
                        throw new HttpError(HttpStatusCode.MethodNotAllowed);
                    }
                    if (!route.LazyBody)
                    {
                        await request.LoadBodyAsync(Limits.MaxRequestBodySize).ConfigureAwait(false);
                    }
                    if (_request.Count == 0 || !await RunAsync(_request, request, response).ConfigureAwait(false))
                    {
                        await handler(request, response).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception error)
        {
            await HandleErrorAsync(request, response, error).ConfigureAwait(false);
        }
        if (_response.Count > 0)
        {
            try
            {
                await RunAsync(_response, request, response).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                await HandleErrorAsync(request, response, error).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Answers <c>OPTIONS *</c> (the engine allows <c>*</c> for OPTIONS only) when no listener did: 200, no body, and an Allow header naming every method the app's routes have (RFC 9110 §9.3.7).</summary>
    private void AnswerServerOptions(Response response)
    {
        var methods = new List<string>();
        foreach (var route in Routes)
        {
            foreach (var method in route.Methods)
            {
                if (!methods.Contains(method))
                {
                    methods.Add(method);
                }
            }
        }
        if (methods.Contains("GET") && !methods.Contains("HEAD"))
        {
            methods.Add("HEAD");
        }
        if (!methods.Contains("OPTIONS"))
        {
            methods.Add("OPTIONS");
        }
        response.Headers["Allow"] = string.Join(", ", methods);
    }

    /// <summary>Turns an exception into the response: an <see cref="HttpError"/> as it is, anything else as a logged 500 wrapping it.</summary>
    /// <remarks>
    /// An unexpected exception's message may hold anything (a connection string, a file path), so the client gets the
    /// reason phrase only, unless <see cref="ShowErrorDetails"/> is set; the operator gets the whole exception in the log.
    /// </remarks>
    internal async ValueTask HandleErrorAsync(Request request, Response response, Exception exception)
    {
        var error = exception as HttpError ?? Unexpected(request, exception);
        response.Status = error.Status;
        response.Body = error.Body;
        foreach (var listener in _error)
        {
            try
            {
                await listener(request, response, error).ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                var unexpected = Unexpected(request, failure);
                response.Status = unexpected.Status;
                response.Body = unexpected.Body;
                return;
            }
        }
    }

    /// <summary>Logs an exception no one expected and makes the 500 that answers it.</summary>
    internal HttpError Unexpected(Request request, Exception exception)
    {
        LogUnexpected(Logger, request.Method, request.Path, exception);
        Diagnostics.RequestTelemetry.Fail(request, exception);
        return new HttpError(HttpStatusCode.InternalServerError, ShowErrorDetails ? exception.Message : null, exception);
    }

    [LoggerMessage(EventId = 10, EventName = "UnhandledException", Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}

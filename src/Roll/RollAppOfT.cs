using Roll.Routing;

namespace Roll;

/// <summary>A Roll app whose handlers receive request and response types of its own, so that a custom Query, Form or Response needs no cast.</summary>
/// <typeparam name="TRequest">The request type, a subclass of <see cref="Request"/>.</typeparam>
/// <typeparam name="TResponse">The response type, a subclass of <see cref="Response"/>.</typeparam>
public class RollApp<TRequest, TResponse> : RollApp
    where TRequest : Request, new()
    where TResponse : Response, new()
{
    /// <summary>Registers a handler for a path; methods default to GET.</summary>
    public Route Route(string path, Func<TRequest, TResponse, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler((TRequest)request, (TResponse)response), handler, methods, -1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler for a path; methods default to GET.</summary>
    public Route Route(string path, Action<TRequest, TResponse> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler((TRequest)request, (TResponse)response); return Task.CompletedTask; }, handler, methods, -1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's one placeholder value; methods default to GET.</summary>
    public Route Route(string path, Func<TRequest, TResponse, string, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler((TRequest)request, (TResponse)response, request.Route.Value(0)), handler, methods, 1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's one placeholder value; methods default to GET.</summary>
    public Route Route(string path, Action<TRequest, TResponse, string> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler((TRequest)request, (TResponse)response, request.Route.Value(0)); return Task.CompletedTask; }, handler, methods, 1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's two placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Func<TRequest, TResponse, string, string, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler((TRequest)request, (TResponse)response, request.Route.Value(0), request.Route.Value(1)), handler, methods, 2, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's two placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Action<TRequest, TResponse, string, string> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler((TRequest)request, (TResponse)response, request.Route.Value(0), request.Route.Value(1)); return Task.CompletedTask; }, handler, methods, 2, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's three placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Func<TRequest, TResponse, string, string, string, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler((TRequest)request, (TResponse)response, request.Route.Value(0), request.Route.Value(1), request.Route.Value(2)), handler, methods, 3, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's three placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Action<TRequest, TResponse, string, string, string> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler((TRequest)request, (TResponse)response, request.Route.Value(0), request.Route.Value(1), request.Route.Value(2)); return Task.CompletedTask; }, handler, methods, 3, name, lazyBody, accepts, extras);
    }

    /// <summary>Makes a request of the app's own type.</summary>
    protected internal override Request CreateRequest() => new TRequest();

    /// <summary>Makes a response of the app's own type.</summary>
    protected internal override Response CreateResponse() => new TResponse();
}

using Roll.Routing;

namespace Roll;

/// <summary>The <c>Route</c> overloads: sync or async handlers, taking placeholder values as parameters or not, and class-based views.</summary>
public partial class RollApp
{
    /// <summary>Registers a handler for a path; methods default to GET.</summary>
    public Route Route(string path, Func<Request, Response, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, handler, handler, methods, -1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler for a path; methods default to GET.</summary>
    public Route Route(string path, Action<Request, Response> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler(request, response); return Task.CompletedTask; }, handler, methods, -1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's one placeholder value; methods default to GET.</summary>
    public Route Route(string path, Func<Request, Response, string, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler(request, response, request.Route.Value(0)), handler, methods, 1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's one placeholder value; methods default to GET.</summary>
    public Route Route(string path, Action<Request, Response, string> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler(request, response, request.Route.Value(0)); return Task.CompletedTask; }, handler, methods, 1, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's two placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Func<Request, Response, string, string, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler(request, response, request.Route.Value(0), request.Route.Value(1)), handler, methods, 2, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's two placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Action<Request, Response, string, string> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler(request, response, request.Route.Value(0), request.Route.Value(1)); return Task.CompletedTask; }, handler, methods, 2, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's three placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Func<Request, Response, string, string, string, Task> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => handler(request, response, request.Route.Value(0), request.Route.Value(1), request.Route.Value(2)), handler, methods, 3, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a handler that takes the path's three placeholder values, in path order; methods default to GET.</summary>
    public Route Route(string path, Action<Request, Response, string, string, string> handler, IEnumerable<string>? methods = null, string? name = null,
        bool lazyBody = false, IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(path, (request, response) => { handler(request, response, request.Route.Value(0), request.Route.Value(1), request.Route.Value(2)); return Task.CompletedTask; }, handler, methods, 3, name, lazyBody, accepts, extras);
    }

    /// <summary>Registers a class-based view: each <c>On...Async</c> method it implements answers that method; the instance is shared by all requests.</summary>
    public Route Route(string path, IView view, string? name = null, bool lazyBody = false,
        IEnumerable<string>? accepts = null, IReadOnlyDictionary<string, object?>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var methods = ViewMethods.Of(view);
        if (methods.Count == 0)
        {
            throw new ArgumentException(
                $"The view {view.GetType().Name} for '{path}' answers no method: implement IGetView, IPostView... (OnGetAsync, OnPostAsync...).",
                nameof(view));
        }
        return AddRoute(path, methods.ToArray(), view, -1, name, lazyBody, accepts, extras);
    }

    private protected Route Register(string path, Func<Request, Response, Task> handler, object original, IEnumerable<string>? methods,
        int placeholders, string? name, bool lazyBody, IEnumerable<string>? accepts, IReadOnlyDictionary<string, object?>? extras)
        => AddRoute(path, handler, original, methods, placeholders, name, lazyBody, accepts, extras);
}

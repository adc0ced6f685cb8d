using Roll.Routing;

namespace Roll;

/// <summary>The events of a Roll app: listeners run in registration order; for <c>headers</c> and <c>request</c>, one that returns true short-circuits the rest.</summary>
public partial class RollApp
{
    private readonly List<Func<Task>> _startup = [];
    private readonly List<Func<Task>> _shutdown = [];
    private readonly List<Func<Request, Response, ValueTask<bool>>> _headers = [];
    private readonly List<Func<Request, Response, ValueTask<bool>>> _request = [];
    private readonly List<Func<Request, Response, ValueTask<bool>>> _response = [];
    private readonly List<Func<Request, Response, HttpError, Task>> _error = [];
    private readonly List<Action<Route, object>> _routeAdded = [];
    private readonly Dictionary<object, List<Func<object?, ValueTask<object?>>>> _custom = [];

    /// <summary>Runs once before the app serves.</summary>
    public void OnStartup(Func<Task> listener) => _startup.Add(listener);

    /// <summary>Runs once before the app serves.</summary>
    public void OnStartup(Action listener) => _startup.Add(() => { listener(); return Task.CompletedTask; });

    /// <summary>Runs once after the app has served.</summary>
    public void OnShutdown(Func<Task> listener) => _shutdown.Add(listener);

    /// <summary>Runs once after the app has served.</summary>
    public void OnShutdown(Action listener) => _shutdown.Add(() => { listener(); return Task.CompletedTask; });

    /// <summary>Runs when a request head is parsed, before its body is read, for unknown paths too; return true to send the response as it is.</summary>
    public void OnHeaders(Func<Request, Response, Task<bool>> listener) => _headers.Add(Wrap(listener));

    /// <summary>Runs when a request head is parsed, before its body is read, for unknown paths too.</summary>
    public void OnHeaders(Func<Request, Response, Task> listener) => _headers.Add(Wrap(listener));

    /// <summary>Runs when a request head is parsed, before its body is read, for unknown paths too; return true to send the response as it is.</summary>
    public void OnHeaders(Func<Request, Response, bool> listener) => _headers.Add(Wrap(listener));

    /// <summary>Runs when a request head is parsed, before its body is read, for unknown paths too.</summary>
    public void OnHeaders(Action<Request, Response> listener) => _headers.Add(Wrap(listener));

    /// <summary>Runs after route match, method check and body load, before the handler; return true to skip the handler.</summary>
    public void OnRequest(Func<Request, Response, Task<bool>> listener) => _request.Add(Wrap(listener));

    /// <summary>Runs after route match, method check and body load, before the handler.</summary>
    public void OnRequest(Func<Request, Response, Task> listener) => _request.Add(Wrap(listener));

    /// <summary>Runs after route match, method check and body load, before the handler; return true to skip the handler.</summary>
    public void OnRequest(Func<Request, Response, bool> listener) => _request.Add(Wrap(listener));

    /// <summary>Runs after route match, method check and body load, before the handler.</summary>
    public void OnRequest(Action<Request, Response> listener) => _request.Add(Wrap(listener));

    /// <summary>Runs after everything, errors included, just before the response is sent.</summary>
    public void OnResponse(Func<Request, Response, Task> listener) => _response.Add(Wrap(listener));

    /// <summary>Runs after everything, errors included, just before the response is sent.</summary>
    public void OnResponse(Action<Request, Response> listener) => _response.Add(Wrap(listener));

    /// <summary>Runs when a handler or listener throws; the response already holds the error's status and body.</summary>
    public void OnError(Func<Request, Response, HttpError, Task> listener) => _error.Add(listener);

    /// <summary>Runs when a handler or listener throws; the response already holds the error's status and body.</summary>
    public void OnError(Action<Request, Response, HttpError> listener)
        => _error.Add((request, response, error) => { listener(request, response, error); return Task.CompletedTask; });

    /// <summary>Runs each time a route is registered, with the route and what was registered (the handler delegate or the view).</summary>
    public void OnRouteAdded(Action<Route, object> listener) => _routeAdded.Add(listener);

    /// <summary>Listens to a custom event of type <typeparamref name="TEvent"/>; a non-null result other than false stops the chain and is returned to whoever hooked the event.</summary>
    public void Listen<TEvent>(Func<TEvent, Task<object?>> listener)
        => CustomListeners(typeof(TEvent)).Add(async args => await listener((TEvent)args!).ConfigureAwait(false));

    /// <summary>Listens to a custom event of type <typeparamref name="TEvent"/>.</summary>
    public void Listen<TEvent>(Action<TEvent> listener)
        => CustomListeners(typeof(TEvent)).Add(args => { listener((TEvent)args!); return ValueTask.FromResult<object?>(null); });

    /// <summary>Listens to a custom event by name; a non-null result other than false stops the chain and is returned by <see cref="HookAsync(string, object?)"/>.</summary>
    public void Listen(string name, Func<object?, Task<object?>> listener)
        => CustomListeners(name).Add(async args => await listener(args).ConfigureAwait(false));

    /// <summary>Listens to a custom event by name.</summary>
    public void Listen(string name, Action<object?> listener)
        => CustomListeners(name).Add(args => { listener(args); return ValueTask.FromResult<object?>(null); });

    /// <summary>Fires a custom event: runs its listeners in order and returns the first result that is not null or false.</summary>
    public ValueTask<object?> HookAsync<TEvent>(TEvent args) => RunCustomAsync(typeof(TEvent), args);

    /// <summary>Fires a custom event by name: runs its listeners in order and returns the first result that is not null or false.</summary>
    public ValueTask<object?> HookAsync(string name, object? args) => RunCustomAsync(name, args);

    // Without this overload, HookAsync("name") binds to HookAsync<string> and fires the typed event 'string' instead.
    /// <summary>Fires a custom event by name without argument: runs its listeners in order and returns the first result that is not null or false.</summary>
    public ValueTask<object?> HookAsync(string name) => RunCustomAsync(name, null);

    private async ValueTask<object?> RunCustomAsync(object key, object? args)
    {
        if (!_custom.TryGetValue(key, out var listeners))
        {
            return null;
        }
        foreach (var listener in listeners)
        {
            var result = await listener(args).ConfigureAwait(false);
            if (result is not null and not false)
            {
                return result;
            }
        }
        return null;
    }

    private List<Func<object?, ValueTask<object?>>> CustomListeners(object key)
    {
        if (!_custom.TryGetValue(key, out var listeners))
        {
            listeners = [];
            _custom.Add(key, listeners);
        }
        return listeners;
    }

    /// <summary>Runs a chain of request listeners; true when one of them short-circuited.</summary>
    internal static async ValueTask<bool> RunAsync(List<Func<Request, Response, ValueTask<bool>>> listeners, Request request, Response response)
    {
        foreach (var listener in listeners)
        {
            if (await listener(request, response).ConfigureAwait(false))
            {
                return true;
            }
        }
        return false;
    }

    private void RaiseRouteAdded(Route route, object handler)
    {
        foreach (var listener in _routeAdded)
        {
            listener(route, handler);
        }
    }

    private static Func<Request, Response, ValueTask<bool>> Wrap(Func<Request, Response, Task<bool>> listener)
        => async (request, response) => await listener(request, response).ConfigureAwait(false);

    private static Func<Request, Response, ValueTask<bool>> Wrap(Func<Request, Response, Task> listener)
        => async (request, response) =>
        {
            await listener(request, response).ConfigureAwait(false);
            return false;
        };

    private static Func<Request, Response, ValueTask<bool>> Wrap(Func<Request, Response, bool> listener)
        => (request, response) => ValueTask.FromResult(listener(request, response));

    private static Func<Request, Response, ValueTask<bool>> Wrap(Action<Request, Response> listener)
        => (request, response) =>
        {
            listener(request, response);
            return ValueTask.FromResult(false);
        };
}

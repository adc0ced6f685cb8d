using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Roll.Routing;
using Roll.Server;

namespace Roll;

/// <summary>A Roll app: its routes, its event listeners and a dictionary for extensions' own state.</summary>
/// <remarks>
/// Register routes with <c>Route</c>, listen to events with <c>On...</c>, then serve the app with
/// <see cref="SimpleServerExtensions.ServeAsync(RollApp, string[], CancellationToken)"/> or test it with Roll.Testing's clients.
/// </remarks>
public partial class RollApp
{
    private readonly RadixTree<Route> _tree = new();
    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _items = new(StringComparer.Ordinal);

    /// <summary>The routes, in the order they were first registered.</summary>
    public IReadOnlyCollection<Route> Routes => _routes.Values;

    /// <summary>Extensions' own state, by name (Roll's app is itself a dictionary): <c>app["websockets"]</c>.</summary>
    public object? this[string key]
    {
        get => _items.TryGetValue(key, out var value) ? value : null;
        set => _items[key] = value;
    }

    /// <summary>Whether the app holds state under that key.</summary>
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <summary>The limits and timeouts of the HTTP engine serving this app.</summary>
    public ServerLimits Limits { get; } = new();

    /// <summary>The limits of the form parser: values, key and value lengths, parts and their sizes.</summary>
    public FormLimits FormLimits { get; } = new();

    /// <summary>The proxies trusted to tell a request's client address and scheme (<see cref="Request.ClientAddress"/>, <see cref="Request.Scheme"/>); none by default.</summary>
    public TrustedProxies TrustedProxies { get; } = new();

    /// <summary>Where the app and the engine report what goes wrong: a handler's unexpected exception, a connection failing; silent unless set (<c>ServeAsync</c> sets a console logger).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Whether a 500 from an unexpected exception sends the exception's message to the client; false (the reason phrase only) by default, for development only.</summary>
    public bool ShowErrorDetails { get; set; }

    /// <summary>Runs the <c>startup</c> listeners; servers and test clients call it once before serving.</summary>
    public Task StartupAsync() => RunLifetimeAsync(_startup);

    /// <summary>Runs the <c>shutdown</c> listeners; servers and test clients call it once after serving.</summary>
    public Task ShutdownAsync() => RunLifetimeAsync(_shutdown);

    /// <summary>Makes the protocol object that serves one connection; override to serve with a protocol of your own.</summary>
    public virtual HttpProtocol CreateProtocol(System.IO.Pipelines.IDuplexPipe transport, EndPoint? remoteEndPoint = null)
        => new(this, transport, remoteEndPoint);

    /// <summary>Makes a request object for a new connection; <see cref="RollApp{TRequest, TResponse}"/> makes its own type.</summary>
    protected internal virtual Request CreateRequest() => new();

    /// <summary>Makes a response object for a new connection; <see cref="RollApp{TRequest, TResponse}"/> makes its own type.</summary>
    protected internal virtual Response CreateResponse() => new();

    /// <summary>Registers a handler under a path for some methods; the core of every <c>Route</c> overload.</summary>
    /// <param name="path">The route's pattern.</param>
    /// <param name="handler">The handler, adapted to take the request and the response.</param>
    /// <param name="original">What the user registered (a delegate or a view), given to <c>route:add</c> listeners.</param>
    /// <param name="methods">The methods answered; GET when null.</param>
    /// <param name="placeholders">How many placeholder values the handler takes, checked against the pattern; -1 when it reads them itself.</param>
    /// <param name="name">The route's name for URL building.</param>
    /// <param name="lazyBody">Whether the handler reads the body itself.</param>
    /// <param name="accepts">The media types the route produces.</param>
    /// <param name="extras">Any other option, kept on the route.</param>
    /// <param name="protocol">"http" or "websocket".</param>
    protected Route AddRoute(string path, Func<Request, Response, Task> handler, object original, IEnumerable<string>? methods, int placeholders,
        string? name, bool lazyBody, IEnumerable<string>? accepts, IReadOnlyDictionary<string, object?>? extras, string protocol = "http")
    {
        ArgumentNullException.ThrowIfNull(handler);
        var list = methods?.Select(m => m.ToUpperInvariant()).Distinct().ToArray() ?? ["GET"];
        if (list.Length == 0)
        {
            throw new ArgumentException($"The route '{path}' needs at least one method.", nameof(methods));
        }
        return AddRoute(path, list.Select(method => (method, handler)).ToArray(), original, placeholders, name, lazyBody, accepts, extras, protocol);
    }

    /// <summary>Registers one handler per method under a path, as one registration: a view's methods, say.</summary>
    private Route AddRoute(string path, (string Method, Func<Request, Response, Task> Handler)[] handlers, object original,
        int placeholders, string? name, bool lazyBody, IEnumerable<string>? accepts, IReadOnlyDictionary<string, object?>? extras,
        string protocol = "http")
    {
        ArgumentNullException.ThrowIfNull(path);
        // Everything that can refuse the registration is checked before the tree changes, so that a refused
        // registration leaves no half-made route behind (a path answering 405 and refusing a correct handler).
        if (placeholders >= 0)
        {
            var count = RoutePattern.Parse(path).Names.Length;
            if (count != placeholders)
            {
                throw new ArgumentException(
                    $"The handler of '{path}' takes {placeholders} placeholder value(s) but the path has {count}; " +
                    "give the handler one string parameter per placeholder, or take (request, response) and read request.Route.Vars.");
            }
        }
        var isNew = !_routes.TryGetValue(path, out var route);
        if (route is not null && handlers.FirstOrDefault(h => route.Methods.Contains(h.Method)).Method is { } taken)
        {
            throw new ArgumentException($"The route '{path}' already has a {taken} handler; register each method of a path once.");
        }
        if (route is null)
        {
            route = new Route(path);
            _tree.Add(path, route);
        }
        foreach (var (method, handler) in handlers)
        {
            route.AddHandler(method, handler);
        }
        route.Name = name ?? route.Name;
        route.Registered.Add(original);
        route.LazyBody |= lazyBody;
        route.Protocol = protocol;
        if (accepts is not null)
        {
            route.Accepts = accepts.ToArray();
        }
        route.AddExtras(extras);
        if (isNew)
        {
            _routes.Add(path, route);
        }
        RaiseRouteAdded(route, original);
        return route;
    }

    /// <summary>Finds the route of a path and fills the match; false when no route matches.</summary>
    internal bool Lookup(string path, RouteMatch match)
    {
        var route = _tree.Match(path, match.Captures);
        match.Set(route, path);
        return route is not null;
    }

    private static async Task RunLifetimeAsync(List<Func<Task>> listeners)
    {
        foreach (var listener in listeners)
        {
            await listener().ConfigureAwait(false);
        }
    }

    internal static HttpError NotFound(string path) => new(HttpStatusCode.NotFound, path);
}

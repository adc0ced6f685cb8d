namespace Roll.Routing;

/// <summary>A registered route: its pattern, the handlers of its methods and the extras given at registration.</summary>
public sealed class Route
{
    private readonly Dictionary<string, Func<Request, Response, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _extras = new(StringComparer.Ordinal);

    /// <summary>The method name that stands for every method: <c>methods: ["*"]</c>.</summary>
    public const string AnyMethod = "*";

    internal Route(string pattern)
    {
        Pattern = pattern;
    }

    /// <summary>The pattern the route was registered with, such as <c>/hello/{name}</c>.</summary>
    public string Pattern { get; }

    /// <summary>The methods this route answers.</summary>
    public IReadOnlyCollection<string> Methods => _handlers.Keys;

    /// <summary>The route's name for URL building: the <c>name</c> given at registration, or null.</summary>
    public string? Name { get; internal set; }

    /// <summary>Whether the handler reads the body itself (it is not loaded, nor limited in size, before the handler runs).</summary>
    public bool LazyBody { get; internal set; }

    /// <summary>The media types the route can produce, for content negotiation; empty when it did not say.</summary>
    public IReadOnlyList<string> Accepts { get; internal set; } = [];

    /// <summary>The protocol the route speaks: "http", or "websocket".</summary>
    public string Protocol { get; internal set; } = "http";

    /// <summary>The name of this route's server span for the last method traced (Diagnostics/RequestTelemetry.cs).</summary>
    internal Diagnostics.SpanName? SpanName { get; set; }

    /// <summary>Any other option given at registration, by name.</summary>
    public IReadOnlyDictionary<string, object?> Extras => _extras;

    /// <summary>The handlers as registered (a method, a lambda, a view), one per registration: what names a route when it has no <see cref="Name"/>.</summary>
    internal List<object> Registered { get; } = [];

    /// <summary>The handler of a method; a route with GET answers HEAD with it too (RFC 9110 §9.3.2).</summary>
    internal Func<Request, Response, Task>? HandlerFor(string method)
    {
        if (_handlers.TryGetValue(method, out var handler))
        {
            return handler;
        }
        if (method == "HEAD" && _handlers.TryGetValue("GET", out handler))
        {
            return handler;
        }
        return _handlers.GetValueOrDefault(AnyMethod);
    }

    /// <summary>The methods for an Allow header (RFC 9110 §10.2.1).</summary>
    internal string AllowHeader()
    {
        var methods = new List<string>(_handlers.Keys);
        if (methods.Contains("GET") && !methods.Contains("HEAD"))
        {
            methods.Add("HEAD");
        }
        return string.Join(", ", methods);
    }

    internal void AddHandler(string method, Func<Request, Response, Task> handler)
    {
        if (!_handlers.TryAdd(method, handler))
        {
            throw new ArgumentException($"The route '{Pattern}' already has a {method} handler; register each method of a path once.");
        }
    }

    internal void AddExtras(IReadOnlyDictionary<string, object?>? extras)
    {
        if (extras is null)
        {
            return;
        }
        foreach (var (key, value) in extras)
        {
            _extras[key] = value;
        }
    }
}

namespace Roll.Routing;

/// <summary>The route a request matched and the values its placeholders took in the path.</summary>
public sealed class RouteMatch
{
    private Dictionary<string, string>? _vars;
    private string _path = string.Empty;

    internal PathCaptures Captures { get; } = new();

    /// <summary>Whether a route matched the path.</summary>
    public bool Found => Route is not null;

    /// <summary>The route matched, or null when no route matches the path (a <c>headers</c> listener sees those too).</summary>
    public Route? Route { get; private set; }

    /// <summary>The route's extras (empty when no route matched).</summary>
    public IReadOnlyDictionary<string, object?> Extras => Route?.Extras ?? s_noExtras;

    /// <summary>The placeholders' values by name, as strings.</summary>
    public IReadOnlyDictionary<string, string> Vars
    {
        get
        {
            if (_vars is null)
            {
                _vars = new Dictionary<string, string>(Captures.Count, StringComparer.Ordinal);
                for (var i = 0; i < Captures.Count; i++)
                {
                    _vars[Captures.Name(i)] = Value(i);
                }
            }
            return _vars;
        }
    }

    private static readonly IReadOnlyDictionary<string, object?> s_noExtras = new Dictionary<string, object?>();

    /// <summary>The value of the placeholder at this position in the path.</summary>
    public string Value(int index)
    {
        if (_vars is not null && _vars.TryGetValue(Captures.Name(index), out var value))
        {
            return value;
        }
        return _path.Substring(Captures.Start(index), Captures.Length(index));
    }

    internal void Set(Route? route, string path)
    {
        Route = route;
        _path = path;
        _vars = null;
    }
}

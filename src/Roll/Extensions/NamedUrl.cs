using System.Globalization;
using System.Text;
using Roll.Routing;

namespace Roll;

/// <summary>Builds the URL of a named route from its name and the values of its placeholders: <c>urlFor("hello", ("parameter", "world"))</c>.</summary>
/// <param name="name">The route's name: its <c>name</c> option, or else the name of its handler method or view class.</param>
/// <param name="values">One value per placeholder, by name; numbers and other formattable values are written with the invariant culture.</param>
/// <returns>The path, percent-encoded, such as <c>/hello/world</c>.</returns>
public delegate string UrlFor(string name, params (string Name, object? Value)[] values);

/// <summary>The <c>named_url</c> extension: <c>url_for</c> over the routes' names.</summary>
public static class NamedUrlExtensions
{
    /// <summary>Names the app's routes and returns the function that builds their URLs.</summary>
    /// <remarks>
    /// A route is named by its <c>name</c> option, else by its handler when that is a named method (not a lambda)
    /// or a view (its class name); routes registered before and after this call alike. Two different handlers under
    /// one name fail at registration.
    /// </remarks>
    public static UrlFor NamedUrl(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = new Dictionary<string, List<(Route Route, object? Handler)>>(StringComparer.Ordinal);
        foreach (var route in app.Routes)
        {
            foreach (var handler in route.Registered)
            {
                if ((route.Name ?? NameOf(handler)) is { } name)
                {
                    Register(registry, name, route, handler);
                }
            }
        }
        app.OnRouteAdded((route, handler) =>
        {
            if ((route.Name ?? NameOf(handler)) is { } name)
            {
                Register(registry, name, route, handler);
            }
        });
        return (name, values) => Build(registry, name, values);
    }

    private static void Register(Dictionary<string, List<(Route Route, object? Handler)>> registry, string name, Route route, object? handler)
    {
        if (!registry.TryGetValue(name, out var routes))
        {
            registry[name] = [(route, handler)];
            return;
        }
        foreach (var (known, knownHandler) in routes)
        {
            if (known == route)
            {
                return;
            }
            // One handler may serve several paths (one with {id}, one without); two handlers may not share a name.
            if (!Equals(knownHandler, handler))
            {
                throw new ArgumentException(
                    $"Two different handlers are named '{name}': one on '{known.Pattern}', one on '{route.Pattern}'; "
                    + $"give one of them a name of its own, as in app.Route(\"{route.Pattern}\", handler, name: \"another-name\").");
            }
        }
        routes.Add((route, handler));
    }

    // A lambda's method name is made up by the compiler ("<Create>b__0_1"): it names nothing the user wrote.
    private static string? NameOf(object handler) => handler switch
    {
        Delegate { Method.Name: var method } when !method.Contains('<') => method,
        IView view => view.GetType().Name,
        _ => null,
    };

    private static string Build(Dictionary<string, List<(Route Route, object? Handler)>> registry, string name,
        (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!registry.TryGetValue(name, out var routes))
        {
            var known = registry.Count == 0 ? "none" : string.Join(", ", registry.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
            throw new ArgumentException(
                $"No route is named '{name}' (named routes: {known}); name a route with app.Route(path, handler, name: \"{name}\").",
                nameof(name));
        }
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values ?? [])
        {
            given[key] = value switch
            {
                null => throw new ArgumentException($"url_for('{name}'): the value of '{key}' is null.", nameof(values)),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }
        // Several paths under one name: the one whose placeholders are exactly the values given.
        RoutePattern? closest = null;
        foreach (var (route, _) in routes)
        {
            var pattern = RoutePattern.Parse(route.Pattern);
            if (pattern.Names.Length == given.Count && pattern.Names.All(given.ContainsKey))
            {
                return Fill(name, pattern, given);
            }
            closest ??= pattern;
        }
        var missing = closest!.Names.Where(n => !given.ContainsKey(n)).ToArray();
        var unknown = given.Keys.Where(k => !closest.Names.Contains(k)).ToArray();
        var problem = missing.Length > 0
            ? $"needs a value for {string.Join(", ", missing.Select(n => $"'{n}'"))}"
            : $"has no placeholder {string.Join(", ", unknown.Select(n => $"'{n}'"))}";
        var patterns = string.Join(", ", routes.Select(r => $"'{r.Route.Pattern}'"));
        throw new ArgumentException($"url_for('{name}'): '{closest.Text}' {problem} (routes named '{name}': {patterns}).", nameof(values));
    }

    private static string Fill(string name, RoutePattern pattern, Dictionary<string, string> values)
    {
        var url = new StringBuilder();
        foreach (var part in pattern.Parts)
        {
            if (part is LiteralPart literal)
            {
                AppendEscaped(url, literal.Text, keepSlashes: true);
                continue;
            }
            var placeholder = (PlaceholderPart)part;
            var value = values[placeholder.Name];
            if (!Fits(placeholder, value))
            {
                throw new ArgumentException(
                    $"url_for('{name}'): '{value}' does not fit {placeholder.Source} in '{pattern.Text}'.", nameof(values));
            }
            AppendEscaped(url, value, keepSlashes: placeholder.Kind is PlaceholderKind.Path or PlaceholderKind.Any);
        }
        return Checked(name, url);
    }

    /// <summary>The URL, once sure that a client resolves it to the path it spells.</summary>
    /// <remarks>
    /// RFC 3986 §3.3: a path that starts with "//" is read as an authority: "/" + "/evil.example/x" would send the
    /// client to evil.example, so the second slash is percent-encoded (the router decodes it back). §5.2.4: "." and ".."
    /// segments are removed by every client before the request is sent ("/h/.." is "/"), and encoding them does not help
    /// (§2.3 makes "%2E" the same as "."; browsers resolve it too): such a value cannot be put in a URL, so it is refused.
    /// </remarks>
    private static string Checked(string name, StringBuilder url)
    {
        if (url.Length > 1 && url[0] == '/' && url[1] == '/')
        {
            url.Remove(1, 1).Insert(1, "%2F");
        }
        var path = url.ToString();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException(
                    $"url_for('{name}'): '{path}' holds a '{segment}' segment, which every client removes before asking; no URL can carry it.");
            }
        }
        return path;
    }

    // The router matches the decoded path, so a value fits when the router would have captured it whole.
    private static bool Fits(PlaceholderPart placeholder, string value) => placeholder.Kind switch
    {
        PlaceholderKind.String => value.Length > 0 && !value.Contains('/'),
        PlaceholderKind.Digit => value.Length > 0 && value.All(char.IsAsciiDigit),
        PlaceholderKind.Alnum => value.Length > 0 && value.All(char.IsLetterOrDigit),
        PlaceholderKind.Alpha => value.Length > 0 && value.All(char.IsLetter),
        PlaceholderKind.Path => value.Length > 0,
        PlaceholderKind.Any => true,
        _ => value.Length > 0 && !value.Contains('/') && placeholder.Regex!.IsMatch(value),
    };

    // RFC 3986 §3.3: a path segment keeps unreserved characters, sub-delims, ':' and '@'; everything else is percent-encoded as UTF-8.
    private static void AppendEscaped(StringBuilder url, string text, bool keepSlashes)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && (IsPathChar((char)rune.Value) || (keepSlashes && rune.Value == '/')))
            {
                url.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                url.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool IsPathChar(char c) => char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@".Contains(c);
}

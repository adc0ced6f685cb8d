using System.Collections;

namespace Roll;

/// <summary>The cookies a response sets, one Set-Cookie header each, keyed by name.</summary>
public class Cookies : IEnumerable<Cookie>
{
    private readonly OrderedDictionary<string, Cookie> _cookies = new(StringComparer.Ordinal);

    /// <summary>The number of cookies to set.</summary>
    public int Count => _cookies.Count;

    /// <summary>The cookie named <paramref name="name"/>; throws KeyNotFoundException when there is none.</summary>
    public Cookie this[string name] => _cookies[name];

    /// <summary>Sets a cookie, replacing any cookie of the same name, and returns it for further changes.</summary>
    public Cookie Set(
        string name,
        string value = "",
        TimeSpan? maxAge = null,
        DateTimeOffset? expires = null,
        bool secure = false,
        bool httpOnly = false,
        string? path = null,
        string? domain = null,
        SameSite? sameSite = null)
    {
        var cookie = new Cookie(name, value)
        {
            MaxAge = maxAge,
            Expires = expires,
            Secure = secure,
            HttpOnly = httpOnly,
            Path = path,
            Domain = domain,
            SameSite = sameSite,
        };
        _cookies[name] = cookie;
        return cookie;
    }

    /// <summary>Tells the client to drop a cookie: sets it empty and already expired, for the same path and domain.</summary>
    public Cookie Delete(string name, string? path = null, string? domain = null) =>
        // Max-Age=0 for RFC 6265 clients, a past Expires for the older ones that ignore Max-Age.
        Set(name, maxAge: TimeSpan.Zero, expires: DateTimeOffset.UnixEpoch, path: path, domain: domain);

    /// <summary>Whether a cookie named <paramref name="name"/> is set.</summary>
    public bool ContainsKey(string name) => _cookies.ContainsKey(name);

    /// <summary>Unsets the cookie named <paramref name="name"/>; false when there was none.</summary>
    public bool Remove(string name) => _cookies.Remove(name);

    /// <summary>Forgets every cookie, for the connection's next response.</summary>
    internal void Clear() => _cookies.Clear();

    /// <summary>Enumerates the cookies in the order they were first set.</summary>
    public IEnumerator<Cookie> GetEnumerator() => _cookies.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roll;

/// <summary>The <c>session</c> extension: <c>request.Session</c>, a small dictionary kept in a signed cookie and saved when changed.</summary>
/// <remarks>
/// The session lives in the client's cookie, so it needs no store and survives restarts and replicas; it holds
/// kilobytes, not megabytes (a cookie is about 4 KB at most), and every key of the app's <see cref="KeyRing"/> can read it.
/// A tampered, foreign or expired cookie gives an empty session.
/// </remarks>
public static class SessionExtensions
{
    private const string ItemKey = "roll.session";

    private static readonly ConditionalWeakTable<RollApp, string> s_cookieNames = [];

    /// <summary>Keeps <c>request.Session</c> in the signed cookie <paramref name="cookieName"/>: loaded on first use, saved (or deleted when emptied) on the way out if it changed.</summary>
    /// <param name="app">The app to extend; it must have its keys from <see cref="SignedCookiesExtensions.SignedCookies"/>.</param>
    /// <param name="cookieName">The cookie's name.</param>
    /// <param name="maxAge">How long the session lasts after its last change; 14 days when null.</param>
    /// <param name="sameSite">When the browser sends the cookie on cross-site requests.</param>
    /// <param name="secure">Whether the cookie goes over https only; when null, set on https requests (trusted-proxy aware).</param>
    public static void Sessions(this RollApp app, string cookieName = "session", TimeSpan? maxAge = null, SameSite sameSite = SameSite.Lax,
        bool? secure = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = new Cookie(cookieName);
        if (!SignedCookiesExtensions.HasSettings(app))
        {
            throw new InvalidOperationException(
                "Sessions are kept in a signed cookie: call app.SignedCookies() (it reads ROLL_SECRET_KEYS) or app.SignedCookies([secret]) before app.Sessions().");
        }
        var lifetime = maxAge ?? TimeSpan.FromDays(14);
        app.OnResponse((request, response) =>
        {
            if (request[ItemKey] is not SessionState { Session.IsChanged: true } state)
            {
                return;
            }
            var session = state.Session;
            if (session.Count == 0)
            {
                response.Cookies.Delete(cookieName, path: "/");
                return;
            }
            var json = JsonSerializer.Serialize(session.Values, SessionJsonContext.Default.DictionaryStringString);
            var cookie = response.SetSignedCookie(cookieName, json, lifetime);
            cookie.SameSite = sameSite;
            cookie.Secure = secure ?? request.Scheme == "https";
            if (cookie.ToString().Length > 4096)
            {
                // A browser would drop it, or cut it: keep the one the client has, and say why.
                response.Cookies.Remove(cookieName);
                throw new InvalidOperationException(
                    $"The session is {cookie.ToString().Length} bytes as a cookie, over the 4096 a browser keeps: store less in it (an id, say).");
            }
        });
        s_cookieNames.AddOrUpdate(app, cookieName);
    }

    extension(Request request)
    {
        /// <summary>The session: a small dictionary of strings kept in a signed cookie (see <see cref="Sessions"/>); empty for a new client or an invalid cookie.</summary>
        public Session Session
        {
            get
            {
                if (request[ItemKey] is SessionState state)
                {
                    return state.Session;
                }
                if (!s_cookieNames.TryGetValue(request.App, out var cookieName))
                {
                    throw new InvalidOperationException(
                        "request.Session needs the session extension: call app.SignedCookies(...) and app.Sessions() when making the app.");
                }
                var session = Session.Parse(request.SignedCookie(cookieName));
                request[ItemKey] = new SessionState(session);
                return session;
            }
        }
    }

    private sealed record SessionState(Session Session);
}

/// <summary>A session: string values by name, kept in a signed cookie; reading a missing name gives null, setting null removes it.</summary>
public sealed class Session : IEnumerable<KeyValuePair<string, string>>
{
    internal Session(Dictionary<string, string> values) => Values = values;

    internal Dictionary<string, string> Values { get; }

    /// <summary>Whether the session was changed during this request (it is then saved).</summary>
    public bool IsChanged { get; private set; }

    /// <summary>How many values the session holds.</summary>
    public int Count => Values.Count;

    /// <summary>The value named <paramref name="name"/>, or null; setting null removes it.</summary>
    public string? this[string name]
    {
        get => Values.TryGetValue(name, out var value) ? value : null;
        set
        {
            if (value is null)
            {
                Remove(name);
            }
            else if (!Values.TryGetValue(name, out var old) || old != value)
            {
                Values[name] = value;
                IsChanged = true;
            }
        }
    }

    /// <summary>Whether the session holds a value named <paramref name="name"/>.</summary>
    public bool ContainsKey(string name) => Values.ContainsKey(name);

    /// <summary>Removes a value; false when there was none.</summary>
    public bool Remove(string name)
    {
        var removed = Values.Remove(name);
        IsChanged |= removed;
        return removed;
    }

    /// <summary>Empties the session, as at log out: its cookie is deleted.</summary>
    public void Clear()
    {
        IsChanged |= Values.Count > 0;
        Values.Clear();
    }

    /// <summary>Enumerates the values.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static Session Parse(string? json)
    {
        if (json is not null)
        {
            try
            {
                if (JsonSerializer.Deserialize(json, SessionJsonContext.Default.DictionaryStringString) is { } values)
                {
                    return new Session(values);
                }
            }
            catch (JsonException)
            {
            }
        }
        return new Session(new Dictionary<string, string>(StringComparer.Ordinal));
    }
}

/// <summary>Generated JSON metadata for sessions, so that they stay trimming-safe.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SessionJsonContext : JsonSerializerContext
{
}

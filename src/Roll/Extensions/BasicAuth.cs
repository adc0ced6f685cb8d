using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Roll;

/// <summary>Protects a handler with HTTP Basic authentication (RFC 7617): Roll's "protect a view with a decorator", as a function that wraps a handler.</summary>
/// <remarks>Basic credentials travel in clear text: serve protected routes over TLS (behind nginx, or on Kestrel).</remarks>
public static class BasicAuth
{
    /// <summary>The key of <see cref="Request"/>'s custom data under which a protected handler finds the user name.</summary>
    public const string UserKey = "user";

    /// <summary>Wraps <paramref name="handler"/> so that it runs only for requests whose Basic credentials <paramref name="check"/> accepts; others get 401 and a challenge.</summary>
    /// <param name="handler">The handler to protect.</param>
    /// <param name="check">Says whether a user name and password are valid.</param>
    /// <param name="realm">The realm named in the WWW-Authenticate challenge.</param>
    public static Func<Request, Response, Task> Protect(Func<Request, Response, Task> handler, Func<string, string, bool> check, string realm = "Roll")
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(check);
        if (realm.Contains('"') || realm.Contains('\\'))
        {
            throw new ArgumentException("The realm is sent as a quoted string: keep '\"' and '\\' out of it.", nameof(realm));
        }
        var challenge = $"Basic realm=\"{realm}\", charset=\"UTF-8\"";
        return (request, response) =>
        {
            if (Credentials(request) is not var (user, password) || !check(user, password))
            {
                response.Headers["WWW-Authenticate"] = challenge;
                throw new HttpError(HttpStatusCode.Unauthorized);
            }
            request[UserKey] = user;
            return handler(request, response);
        };
    }

    /// <summary>Wraps <paramref name="handler"/> so that it runs only for requests with this user name and password (compared in constant time).</summary>
    public static Func<Request, Response, Task> Protect(Func<Request, Response, Task> handler, string user, string password, string realm = "Roll")
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var expected = Encoding.UTF8.GetBytes(user + ":" + password);
        return Protect(handler,
            (givenUser, givenPassword) => CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(givenUser + ":" + givenPassword)),
            realm);
    }

    /// <summary>Wraps a synchronous handler; see <see cref="Protect(Func{Request, Response, Task}, Func{string, string, bool}, string)"/>.</summary>
    public static Func<Request, Response, Task> Protect(Action<Request, Response> handler, Func<string, string, bool> check, string realm = "Roll")
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Protect((request, response) => { handler(request, response); return Task.CompletedTask; }, check, realm);
    }

    /// <summary>Wraps a synchronous handler; see <see cref="Protect(Func{Request, Response, Task}, string, string, string)"/>.</summary>
    public static Func<Request, Response, Task> Protect(Action<Request, Response> handler, string user, string password, string realm = "Roll")
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Protect((request, response) => { handler(request, response); return Task.CompletedTask; }, user, password, realm);
    }

    /// <summary>The user name and password of a request's Basic Authorization header, or null when it has none that can be read.</summary>
    public static (string User, string Password)? Credentials(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers["Authorization"];
        // RFC 7617 §2: the scheme is case-insensitive, the credentials are base64 of "user-id:password" (UTF-8 with charset="UTF-8").
        if (header is null || header.Length < 6 || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var encoded = header.AsSpan(6).Trim();
        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return null;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var colon = text.IndexOf(':');
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }
}

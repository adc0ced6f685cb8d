using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Roll.WebSockets;

/// <summary>The server side of the opening handshake (RFC 6455 §4.2): checks the request and computes the answer.</summary>
internal static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Whether a request asks to upgrade to websocket at all (Upgrade: websocket).</summary>
    /// <remarks>RFC 9110 §7.8: an Upgrade header in an HTTP/1.0 request is ignored; such a request is a plain one.</remarks>
    public static bool IsUpgradeRequest(Request request) => request.Version == "HTTP/1.1" && HasToken(request.Headers["Upgrade"], "websocket");

    /// <summary>Checks the handshake request and returns the Sec-WebSocket-Key; throws the HttpError to answer otherwise.</summary>
    public static string Validate(Request request, Response response, IReadOnlyCollection<string>? routeOrigins = null, WebSocketOptions? options = null)
    {
        if (!IsUpgradeRequest(request))
        {
            // RFC 9110 §15.5.22: say which protocol the route needs.
            response.Headers["Upgrade"] = "websocket";
            response.Headers["Connection"] = "Upgrade";
            throw new HttpError(HttpStatusCode.UpgradeRequired, "This route speaks websocket");
        }
        if (request.Method != "GET" || request.Version != "HTTP/1.1")
        {
            throw new HttpError(HttpStatusCode.BadRequest, "A websocket handshake is a GET in HTTP/1.1");
        }
        if (!HasToken(request.Headers["Connection"], "upgrade"))
        {
            throw new HttpError(HttpStatusCode.BadRequest, "A websocket handshake needs Connection: Upgrade");
        }
        // RFC 6455 §4.2.1: a handshake without a version is malformed (400); 426 names the version for one we do not speak.
        var version = request.Headers["Sec-WebSocket-Version"];
        if (version is null)
        {
            throw new HttpError(HttpStatusCode.BadRequest, "A websocket handshake needs Sec-WebSocket-Version");
        }
        if (version != "13")
        {
            response.Headers["Sec-WebSocket-Version"] = "13";
            throw new HttpError(HttpStatusCode.UpgradeRequired, "Unsupported websocket version: use 13");
        }
        if (request.Headers["Origin"] is { } origin && !IsAllowedOrigin(origin, request, routeOrigins, options))
        {
            throw new HttpError(HttpStatusCode.Forbidden, "Origin not allowed");
        }
        var key = request.Headers["Sec-WebSocket-Key"]?.Trim();
        Span<byte> decoded = stackalloc byte[24];
        if (key is null || !Convert.TryFromBase64String(key, decoded, out var length) || length != 16)
        {
            throw new HttpError(HttpStatusCode.BadRequest, "Invalid Sec-WebSocket-Key");
        }
        return key;
    }

    /// <summary>Checks the handshake, answers 101 Switching Protocols with what was agreed, and opens the websocket over the connection.</summary>
    /// <remarks>Headers already set on the response (by a <c>headers</c> listener, say) go out with the 101.</remarks>
    public static async Task<RollWebSocket> AcceptAsync(Request request, Response response, IReadOnlyList<string> subprotocols, WebSocketOptions options,
        IReadOnlyCollection<string>? allowedOrigins = null)
    {
        var key = Validate(request, response, allowedOrigins, options);
        var subProtocol = SelectSubProtocol(request, subprotocols);
        string? extensions = null;
        var deflate = options.EnableCompression ? PerMessageDeflate.Negotiate(request.Headers["Sec-WebSocket-Extensions"], out extensions) : null;
        response.Status = HttpStatusCode.SwitchingProtocols;
        response.Headers["Upgrade"] = "websocket";
        response.Headers["Connection"] = "Upgrade";
        response.Headers["Sec-WebSocket-Accept"] = Accept(key);
        if (subProtocol is not null)
        {
            response.Headers["Sec-WebSocket-Protocol"] = subProtocol;
        }
        if (extensions is not null)
        {
            response.Headers["Sec-WebSocket-Extensions"] = extensions;
        }
        RollWebSocket? socket = null;
        await request.Protocol.UpgradeAsync(stream =>
        {
            var framing = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = true,
                SubProtocol = subProtocol,
                KeepAliveInterval = options.KeepAliveInterval,
                KeepAliveTimeout = options.KeepAliveTimeout,
                DangerousDeflateOptions = deflate,
            });
            socket = new RollWebSocket(framing, stream, request, options);
            // Reading starts before a server stop can close the socket, so that one receive is ever pending.
            socket.StartReading();
            return socket.CloseForShutdown;
        }).ConfigureAwait(false);
        return socket!;
    }

    /// <summary>Whether a browser page from <paramref name="origin"/> may open this websocket: its own origin, or one allowed.</summary>
    /// <remarks>
    /// RFC 6455 §10.2: a browser sends the page's Origin and the site's cookies with a handshake to any site, so without
    /// this check a page elsewhere could open a websocket as the signed-in user (cross-site websocket hijacking). Clients
    /// that are not browsers send no Origin and are not concerned. Scheme and host compare without case (RFC 6454 §4).
    /// </remarks>
    public static bool IsAllowedOrigin(string origin, Request request, IReadOnlyCollection<string>? routeOrigins, WebSocketOptions? options)
    {
        var own = request.Host.Length > 0
            && origin.Length == request.Scheme.Length + 3 + request.Host.Length
            && origin.StartsWith(request.Scheme, StringComparison.OrdinalIgnoreCase)
            && origin.AsSpan(request.Scheme.Length).StartsWith("://", StringComparison.Ordinal)
            && origin.EndsWith(request.Host, StringComparison.OrdinalIgnoreCase);
        return own || Allows(routeOrigins, origin) || Allows(options?.AllowedOrigins, origin);
    }

    private static bool Allows(IEnumerable<string>? allowed, string origin)
    {
        if (allowed is null)
        {
            return false;
        }
        foreach (var entry in allowed)
        {
            if (entry == "*" || string.Equals(entry.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The Sec-WebSocket-Accept value for a key.</summary>
    public static string Accept(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    /// <summary>The first subprotocol offered by the client that the route speaks, or null.</summary>
    public static string? SelectSubProtocol(Request request, IReadOnlyList<string> supported)
    {
        var offered = request.Headers["Sec-WebSocket-Protocol"];
        if (offered is null || supported.Count == 0)
        {
            return null;
        }
        foreach (var range in offered.AsSpan().Split(','))
        {
            var candidate = offered.AsSpan()[range].Trim();
            foreach (var protocol in supported)
            {
                if (candidate.Equals(protocol, StringComparison.Ordinal))
                {
                    return protocol;
                }
            }
        }
        return null;
    }

    private static bool HasToken(string? header, string token)
    {
        if (header is null)
        {
            return false;
        }
        foreach (var range in header.AsSpan().Split(','))
        {
            if (header.AsSpan()[range].Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}

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
    public static string Validate(Request request, Response response)
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
        if (request.Headers["Sec-WebSocket-Version"] != "13")
        {
            response.Headers["Sec-WebSocket-Version"] = "13";
            throw new HttpError(HttpStatusCode.UpgradeRequired, "Unsupported websocket version: use 13");
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
    public static async Task<RollWebSocket> AcceptAsync(Request request, Response response, IReadOnlyList<string> subprotocols, WebSocketOptions options)
    {
        var key = Validate(request, response);
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

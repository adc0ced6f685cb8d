using System.Net;
using System.Net.WebSockets;

namespace Roll.Testing;

/// <summary>Websockets opened by a test client: the handshake of RFC 6455 §4.1, then a client <see cref="WebSocket"/>.</summary>
public abstract partial class TestClientBase
{
    /// <summary>Opens a websocket on a path and returns the client side of it, connected; throws <see cref="WebSocketRefusedException"/> when the app answers other than 101.</summary>
    /// <param name="path">The websocket route's path, query string included.</param>
    /// <param name="subprotocols">The subprotocols offered, in order of preference.</param>
    /// <param name="headers">Headers for the handshake request (Authorization, Cookie...), on top of <see cref="DefaultHeaders"/>.</param>
    public Task<WebSocket> WebSocketAsync(string path, IEnumerable<string>? subprotocols = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return OpenWebSocketAsync(path, subprotocols?.ToArray() ?? [], headers);
    }

    /// <summary>Opens a websocket: on a connection of its own, never the one kept alive for requests.</summary>
    private protected abstract Task<WebSocket> OpenWebSocketAsync(string path, string[] subprotocols, IReadOnlyDictionary<string, string>? headers);
}

/// <summary>Thrown when an app answers a websocket handshake with something else than 101 Switching Protocols.</summary>
public sealed class WebSocketRefusedException : Exception
{
    /// <summary>Creates the exception for the status the app answered.</summary>
    public WebSocketRefusedException(HttpStatusCode status, string? body, Exception? inner = null)
        : base($"The app answered {(int)status} {status} instead of 101 Switching Protocols{(string.IsNullOrEmpty(body) ? "" : ": " + body)}", inner)
    {
        Status = status;
        Body = body;
    }

    /// <summary>The status the app answered (403, 426, 501...).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The body of the answer, when it could be read.</summary>
    public string? Body { get; }
}

using System.Net.WebSockets;

namespace Roll.WebSockets;

/// <summary>Thrown by a receive or send on a websocket that is closed, with the close code when one was given.</summary>
public sealed class WebSocketClosedException(WebSocketCloseStatus? status, string? reason, Exception? inner = null)
    : Exception(reason ?? "The websocket is closed.", inner)
{
    /// <summary>The close code, when the close handshake gave one; null when the connection was dropped.</summary>
    public WebSocketCloseStatus? Status { get; } = status;
}

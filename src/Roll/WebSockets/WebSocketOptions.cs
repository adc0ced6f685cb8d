namespace Roll.WebSockets;

/// <summary>The limits and timers of the app's websockets.</summary>
public sealed class WebSocketOptions
{
    /// <summary>The largest message accepted; a larger one closes the socket with 1009 (Message Too Big). 1 MiB by default.</summary>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>How many received messages may wait for the handler; when that many wait, reading stops until it takes one. 16 by default.</summary>
    public int MaxQueue { get; set; } = 16;

    /// <summary>How often a ping is sent to an idle peer; 30 s by default, <see cref="TimeSpan.Zero"/> for never.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping waits for its pong before the socket is aborted; 30 s by default, <see cref="Timeout.InfiniteTimeSpan"/> to only send pongs.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a close handshake waits for the peer's answer before the connection is dropped; 5 s by default.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one send (or ping) may wait for a client that does not read before the client is dropped; 30 s by default, <see cref="Timeout.InfiniteTimeSpan"/> for ever.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether permessage-deflate (RFC 7692) is accepted when the client offers it; false by default.</summary>
    public bool EnableCompression { get; set; }

    /// <summary>The origins (<c>https://app.example</c>) whose pages may open the app's websockets besides the app's own; <c>*</c> for any. Empty by default: a handshake with another Origin is a 403.</summary>
    public IList<string> AllowedOrigins { get; } = [];
}

namespace Roll.Server;

/// <summary>Whether a connection serves another request after the current one, and if not, why: the one answer of <see cref="HttpProtocol"/>'s keep-or-close decision.</summary>
/// <remarks>Every value but <see cref="KeepAlive"/> closes the connection; logs name the reason.</remarks>
internal enum ConnectionReuse : byte
{
    /// <summary>The connection waits for the next request.</summary>
    KeepAlive,

    /// <summary>The request said <c>Connection: close</c> (RFC 9112 §9.6).</summary>
    ClientAskedClose,

    /// <summary>An HTTP/1.0 request without <c>Connection: keep-alive</c> (RFC 9112 §9.3).</summary>
    Http10,

    /// <summary>The handler set <c>Connection: close</c> on its answer.</summary>
    HandlerAskedClose,

    /// <summary>A streamed answer to HTTP/1.0 of unknown length: its end is the end of the connection (RFC 9112 §6.3).</summary>
    UnframedBody,

    /// <summary>The request's body was not read and is too large (or too slow, or broken) to drain.</summary>
    BodyNotDrained,

    /// <summary>Writing the answer failed after its head was sent: only closing can tell the client.</summary>
    ResponseFailed,

    /// <summary>The request could not be parsed (400, 414, 431, 501, 505...): what follows it cannot be trusted.</summary>
    BadRequest,

    /// <summary>The server is stopping.</summary>
    Shutdown,

    /// <summary>The connection left HTTP (a websocket took it over after a 101).</summary>
    Upgrade,
}

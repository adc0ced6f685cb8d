namespace Roll.Server;

/// <summary>The limits and timeouts of the HTTP engine; the defaults are Kestrel's.</summary>
public sealed class ServerLimits
{
    /// <summary>The longest request target accepted (414 beyond); 8 KiB by default.</summary>
    public int MaxRequestTargetSize { get; set; } = 8 * 1024;

    /// <summary>The largest total size of the header lines (431 beyond); 32 KiB by default.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>The most header lines a request may have (431 beyond); 100 by default.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The largest request body loaded before the handler runs (413 beyond); 30,000,000 bytes by default. Routes with a lazy body are not limited.</summary>
    public long MaxRequestBodySize { get; set; } = 30_000_000;

    /// <summary>How long a client has to send a whole request head once it started one (408 beyond); 30 s by default.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a read of a request body waits for the client's next bytes (408 and close beyond); 30 s by default.</summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection stays open waiting for the next request; 130 s by default.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>How long a graceful shutdown waits for requests in flight before closing their connections; 30 s by default.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether an HTTP/1.1 request without exactly one Host header is refused with 400, as RFC 9112 §3.2 requires; true by default.</summary>
    public bool RequireHostHeader { get; set; } = true;

    /// <summary>How many bytes of an unread request body the engine reads and discards to keep the connection alive; beyond, it closes the connection. 64 KiB by default.</summary>
    public long MaxDrainSize { get; set; } = 64 * 1024;

    /// <summary>How many bytes of a loaded (not lazy) request body are kept in memory; a larger body goes to a temporary file, deleted after the request. 64 KiB by default.</summary>
    public int RequestBodyMemoryThreshold { get; set; } = 64 * 1024;

    /// <summary>The slowest a request body may arrive while it is read, after a grace period (408 and close below); 240 bytes/s after 5 s by default, null to not check.</summary>
    public MinDataRate? MinRequestBodyDataRate { get; set; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>The slowest a client may take in the answers sent to it: a socket write pending longer than the grace period, or than its bytes take at this rate, closes the connection. 240 bytes/s after 5 s by default, null to not check.</summary>
    public MinDataRate? MinResponseDataRate { get; set; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>The most connections served at once; beyond, new clients wait in the listen backlog until one closes. Null (the default): on Linux the descriptor limit less the descriptors open at start and a reserve, elsewhere no cap; on Linux never more than that.</summary>
    public int? MaxConnections { get; set; }
}

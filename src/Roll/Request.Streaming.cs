namespace Roll;

/// <summary>What a long answer (server-sent events, a slow stream) needs of its request.</summary>
public partial class Request
{
    /// <summary>Fires when the client goes away before the answer is sent whole: its connection ends, or it stops taking the body.</summary>
    /// <remarks>
    /// Watched from the first time it is asked for, once the request's body has been read: ask for it only where it is
    /// used. Server-sent events (<see cref="EventStreamExtensions"/>) hand it to their source as its cancellation token.
    /// </remarks>
    public CancellationToken Aborted => _protocol.RequestAborted;

    /// <summary>The Last-Event-ID header an EventSource sends when it reconnects: the id of the last event it received, or null.</summary>
    public string? LastEventId => Headers["Last-Event-ID"];
}

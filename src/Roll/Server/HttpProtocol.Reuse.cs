using Microsoft.Extensions.Logging;

namespace Roll.Server;

// The keep-or-close decision of a connection, in one function, with its reason.
public partial class HttpProtocol
{
    // Whether the connection serves another request is decided in one place, DecideReuse below,
    // called by the response writer once it knows the handler's headers (so the head can say Connection: close),
    // in this order:
    //   Upgrade (a 101 hands the connection over)  → the handler's Connection header is sent as is
    //   ClientAskedClose, Http10 (no keep-alive)    → the request's own framing of the connection
    //   Shutdown                                    → Stop was called
    //   HandlerAskedClose                           → the answer says Connection: close
    //   UnframedBody                                → a streamed HTTP/1.0 answer without Content-Length ends at the close
    //   BodyNotDrained                              → an unread request body too large or broken to skip
    //   KeepAlive                                   → otherwise
    // Two outcomes come later and can only close: the body failing to stream (ResponseFailed) or to drain
    // (BodyNotDrained). A head the parser refuses is answered by WriteErrorAsync and always closes (BadRequest).
    // The engine owns the Connection header: on KeepAlive over HTTP/1.1 the handler's is sent, otherwise exactly one
    // of the engine's (close, or keep-alive for HTTP/1.0).

    /// <summary>Decides whether the connection serves another request after this answer, and if not, why (see the table above).</summary>
    /// <param name="handlerConnection">The Connection header the handler set, if any.</param>
    /// <param name="unframedBody">Whether the answer's body can only end with the connection.</param>
    /// <param name="upgrading">Whether the answer is a 101 that hands the connection over.</param>
    internal ConnectionReuse DecideReuse(string? handlerConnection, bool unframedBody, bool upgrading)
    {
        if (upgrading)
        {
            return ConnectionReuse.Upgrade;
        }
        if (_head.ConnectionClose)
        {
            return ConnectionReuse.ClientAskedClose;
        }
        if (!_head.IsHttp11 && !_head.KeepAlive)
        {
            return ConnectionReuse.Http10;
        }
        if (_stopRequested)
        {
            return ConnectionReuse.Shutdown;
        }
        if (handlerConnection is not null && HasCloseOption(handlerConnection))
        {
            return ConnectionReuse.HandlerAskedClose;
        }
        if (unframedBody)
        {
            return ConnectionReuse.UnframedBody;
        }
        // A body nobody read is drained after the answer when small; a streamed answer may still read it as it goes.
        if (!Body.IsComplete && (Body.Faulted || (!Body.Started && !CanDrain() && !_response.Body.IsStreamed)))
        {
            return ConnectionReuse.BodyNotDrained;
        }
        return ConnectionReuse.KeepAlive;
    }

    private static bool HasCloseOption(string connection)
    {
        foreach (var range in connection.AsSpan().Split(','))
        {
            if (connection.AsSpan()[range].Trim(" \t").Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private void LogClosing(ConnectionReuse reason)
    {
        if (reason != ConnectionReuse.Upgrade && App.Logger.IsEnabled(LogLevel.Debug))
        {
            App.Logger.LogDebug("Closing the connection from {RemoteEndPoint}: {Reason}", RemoteEndPoint, reason);
        }
    }
}

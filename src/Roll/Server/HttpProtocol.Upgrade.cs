using Roll.WebSockets;

namespace Roll.Server;

// The handover of a connection to another protocol (a websocket), after its 101.
public partial class HttpProtocol
{
    /// <summary>Sends the response as it stands (101 Switching Protocols) and hands the connection's transport over for good (RFC 9110 §7.8).</summary>
    /// <param name="takeOver">Receives the transport as a stream and returns what <see cref="Stop"/> does to it; that runs at once when the server is stopping already, and may run twice.</param>
    internal async ValueTask UpgradeAsync(Func<UpgradedStream, Action> takeOver)
    {
        await EndWatchAsync().ConfigureAwait(false);
        await ResponseWriter.WriteAsync(this, _request, _response, _head, upgrading: true).ConfigureAwait(false);
        await _output.FlushAsync().ConfigureAwait(false);
        var stop = takeOver(new UpgradedStream(_input, _output));
        Interlocked.Exchange(ref _stopUpgraded, stop);
        if (_stopRequested)
        {
            stop();
        }
    }
}

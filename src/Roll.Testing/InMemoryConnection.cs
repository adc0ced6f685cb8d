using System.IO.Pipelines;
using System.Net;
using Roll.Server;

namespace Roll.Testing;

/// <summary>A connection made of two in-memory pipes, served by the app's real protocol: what a socket would carry, without one.</summary>
internal sealed class InMemoryConnection : ClientConnection
{
    private static int s_connections;

    private readonly Pipe _requests = new();
    private readonly Pipe _responses = new();
    private readonly Task _serving;
    private readonly TimeSpan _timeout;

    /// <summary>Opens a connection: the app's protocol starts serving it on the thread pool.</summary>
    public InMemoryConnection(RollApp app, TimeSpan timeout)
    {
        _timeout = timeout;
        // A peer address of its own per connection, so that request.RemoteEndPoint tells connections apart.
        var port = 1024 + Interlocked.Increment(ref s_connections) % (IPEndPoint.MaxPort - 1024);
        var protocol = app.CreateProtocol(new DuplexPipe(_requests.Reader, _responses.Writer), new IPEndPoint(IPAddress.Loopback, port));
        _serving = Task.Run(protocol.RunAsync);
    }

    /// <inheritdoc/>
    public override PipeWriter Output => _requests.Writer;

    /// <inheritdoc/>
    public override PipeReader Input => _responses.Reader;

    /// <inheritdoc/>
    public override ValueTask CompleteOutputAsync() => _requests.Writer.CompleteAsync();

    /// <inheritdoc/>
    public override void Abort()
    {
        _requests.Writer.Complete();
        _responses.Reader.Complete();
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        // The end of the input ends the protocol's loop; a completed reader unblocks any write it has in flight.
        await _requests.Writer.CompleteAsync().ConfigureAwait(false);
        await _responses.Reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _serving.WaitAsync(_timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The app was still serving the connection {_timeout} after the client closed it.");
        }
    }
}

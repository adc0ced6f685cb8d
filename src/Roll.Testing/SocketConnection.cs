using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Roll.Testing;

/// <summary>A TCP connection to a live server, read and written through pipes like the in-memory one.</summary>
internal sealed class SocketConnection : ClientConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private SocketConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <inheritdoc/>
    public override PipeWriter Output { get; }

    /// <inheritdoc/>
    public override PipeReader Input { get; }

    /// <summary>Connects to a server.</summary>
    public static async Task<SocketConnection> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new SocketConnection(socket);
    }

    /// <inheritdoc/>
    public override async ValueTask CompleteOutputAsync()
    {
        await Output.CompleteAsync().ConfigureAwait(false);
        _socket.Shutdown(SocketShutdown.Send);
    }

    /// <inheritdoc/>
    public override void Abort()
    {
        Output.Complete();
        Input.Complete();
        _stream.Dispose();
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await Output.CompleteAsync().ConfigureAwait(false);
        await Input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net.Sockets;

namespace Roll.Server;

/// <summary>A socket's stream that notes when a write waits for the client, so that the heartbeat can drop a client that stops taking its answers.</summary>
/// <remarks>
/// A write waits only once the kernel's send buffer is full, that is when the client has stopped reading for a
/// while; a write that completes at once (the common case) costs nothing more than a check.
/// </remarks>
internal sealed class TimedNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    private long _waitingSince;
    private long _waitingBytes;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = base.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully ? write : AwaitWriteAsync(write, buffer.Length);
    }

    /// <summary>Whether a write has waited for the client longer than <paramref name="rate"/> allows for its bytes; if so, which write and how long.</summary>
    public bool IsStalled(long now, MinDataRate rate, out long bytes, out long waitedMilliseconds)
    {
        var since = Volatile.Read(ref _waitingSince);
        bytes = Volatile.Read(ref _waitingBytes);
        waitedMilliseconds = now - since;
        return since != 0 && waitedMilliseconds > rate.AllowedMilliseconds(bytes);
    }

    private async ValueTask AwaitWriteAsync(ValueTask write, int length)
    {
        Volatile.Write(ref _waitingBytes, length);
        Volatile.Write(ref _waitingSince, Heartbeat.Now);
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _waitingSince, 0);
        }
    }
}

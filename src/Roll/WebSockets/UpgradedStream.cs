using System.Buffers;
using System.IO.Pipelines;

namespace Roll.WebSockets;

/// <summary>The connection's pipes seen as one duplex stream, the shape System.Net.WebSockets takes over after an upgrade.</summary>
/// <remarks>
/// Every write is flushed at once, and writes are serialised, so that a frame written beside System.Net.WebSockets
/// (a ping) never lands inside one of its frames. Disposing wakes a pending read, as a socket's stream does when
/// closed: that is how an aborted websocket stops waiting. The pipes themselves belong to the connection, which
/// completes them, unless <paramref name="onDispose"/> says otherwise.
/// </remarks>
internal sealed class UpgradedStream(PipeReader input, PipeWriter output, Action? onDispose = null) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _disposed;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (_disposed)
            {
                input.AdvanceTo(data.Start);
                throw new ObjectDisposedException(nameof(UpgradedStream));
            }
            if (buffer.IsEmpty)
            {
                // A zero-byte read waits for data without taking any (System.Net.WebSockets does that when idle).
                input.AdvanceTo(data.Start);
                return 0;
            }
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(data.Length, buffer.Length);
                data.Slice(0, count).CopyTo(buffer.Span);
                input.AdvanceTo(data.GetPosition(count));
                return count;
            }
            input.AdvanceTo(data.End);
            if (result.IsCompleted)
            {
                return 0;
            }
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                throw new IOException("The peer closed the connection.");
            }
            if (result.IsCanceled)
            {
                throw new ObjectDisposedException(nameof(UpgradedStream));
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Nothing to do: every write is flushed already.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Only asynchronous I/O on an upgraded connection.");

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Only asynchronous I/O on an upgraded connection.");

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            input.CancelPendingRead();
            output.CancelPendingFlush();
            onDispose?.Invoke();
        }
        base.Dispose(disposing);
    }
}

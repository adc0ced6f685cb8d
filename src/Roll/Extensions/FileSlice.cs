namespace Roll;

/// <summary>A read-only window of a file stream: from its position, at most a given number of bytes; disposes the file with it.</summary>
internal sealed class FileSlice : Stream
{
    private readonly FileStream _file;
    private readonly long _count;
    private long _remaining;

    public FileSlice(FileStream file, long count)
    {
        _file = file;
        _count = count;
        _remaining = count;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _count;

    public override long Position
    {
        get => _count - _remaining;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int length) => Read(buffer.AsSpan(offset, length));

    public override int Read(Span<byte> buffer)
    {
        var read = _file.Read(buffer[..Limit(buffer.Length)]);
        _remaining -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _file.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, length), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int length) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _file.DisposeAsync();
    }

    private int Limit(int wanted) => (int)Math.Min(wanted, _remaining);
}

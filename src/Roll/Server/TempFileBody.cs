using Microsoft.Win32.SafeHandles;

namespace Roll.Server;

/// <summary>A request body too large to keep in memory, written to a temporary file that is deleted when this is disposed.</summary>
/// <remarks>
/// WebUtilities' FileBufferingReadStream does the same with a single read position; here any number of readers
/// (the form parser, then the handler) each get their own stream over the one file, with no copy.
/// </remarks>
internal sealed class TempFileBody : IDisposable
{
    private readonly SafeFileHandle _file;

    private TempFileBody(string path, SafeFileHandle file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>Where the file is (in <see cref="System.IO.Path.GetTempPath"/>, which follows TMPDIR).</summary>
    public string Path { get; }

    /// <summary>How many bytes were written.</summary>
    public long Length { get; private set; }

    public static TempFileBody Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"roll-body-{Guid.NewGuid():N}.tmp");
        // DeleteOnClose: the file goes when the handle is closed, whatever ends the request.
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, FileOptions.DeleteOnClose);
        return new TempFileBody(path, file);
    }

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes)
    {
        await RandomAccess.WriteAsync(_file, bytes, Length).ConfigureAwait(false);
        Length += bytes.Length;
    }

    /// <summary>A new read-only, seekable stream over the body, at its start; it does not own the file.</summary>
    public Stream Open() => new Reader(_file, Length);

    public byte[] ToArray()
    {
        if (Length > Array.MaxLength)
        {
            throw new InvalidOperationException($"The body ({Length} bytes) is too large for one array: read it with request.OpenBody().");
        }
        var bytes = GC.AllocateUninitializedArray<byte>((int)Length);
        var read = 0;
        while (read < bytes.Length)
        {
            read += RandomAccess.Read(_file, bytes.AsSpan(read), read);
        }
        return bytes;
    }

    public void Dispose() => _file.Dispose();

    private sealed class Reader(SafeFileHandle file, long length) : Stream
    {
        private long _position;

        public override bool CanRead => !file.IsClosed;

        public override bool CanSeek => !file.IsClosed;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, Math.Max(0, length - _position))], _position);
            _position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await RandomAccess.ReadAsync(file, buffer[..(int)Math.Min(buffer.Length, Math.Max(0, length - _position))], _position, cancellationToken).ConfigureAwait(false);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

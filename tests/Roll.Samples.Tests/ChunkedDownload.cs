using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Samples.Tests;

/// <summary>Reads a chunked HTTP/1.1 response off a stream as it arrives, checksumming its body, never holding more than one buffer.</summary>
/// <remarks>Roll.Testing's clients keep the whole body; this is for bodies too large to keep.</remarks>
internal sealed class ChunkedDownload
{
    private readonly Stream _stream;
    private readonly CancellationToken _cancellationToken;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private ChunkedDownload(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads a 200 chunked response; returns the body's length and XXH128 checksum, reporting the length so far after each chunk.</summary>
    public static async Task<(long Length, UInt128 Checksum)> ReadAsync(Stream stream, Action<long> onProgress, CancellationToken cancellationToken)
    {
        var download = new ChunkedDownload(stream, cancellationToken);
        var status = await download.ReadLineAsync();
        if (!status.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Expected a 200 answer, got '{status}'.");
        }
        var chunked = false;
        for (var line = await download.ReadLineAsync(); line.Length > 0; line = await download.ReadLineAsync())
        {
            chunked |= line.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        }
        if (!chunked)
        {
            throw new InvalidDataException("Expected a chunked answer.");
        }
        return await download.ReadChunkedBodyAsync(onProgress);
    }

    private async Task<(long Length, UInt128 Checksum)> ReadChunkedBodyAsync(Action<long> onProgress)
    {
        var checksum = new XxHash128();
        long length = 0;
        while (true)
        {
            // RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF chunk-data CRLF, ended by a zero-size chunk and the trailer section.
            var sizeLine = await ReadLineAsync();
            var size = long.Parse(sizeLine.Split(';', 2)[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // The trailer section, none here, ends at an empty line.
                while ((await ReadLineAsync()).Length > 0)
                {
                }
                return (length, checksum.GetCurrentHashAsUInt128());
            }
            while (size > 0)
            {
                if (_start == _end)
                {
                    await FillAsync();
                }
                var take = (int)Math.Min(size, _end - _start);
                checksum.Append(_buffer.AsSpan(_start, take));
                _start += take;
                size -= take;
                length += take;
            }
            onProgress(length);
            if ((await ReadLineAsync()).Length > 0)
            {
                throw new InvalidDataException("A chunk's data is longer than its size.");
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, end);
                _start += end + 2;
                return line;
            }
            await FillAsync();
        }
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("A line longer than the buffer.");
        }
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), _cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The server closed the connection before the end of the body.");
        }
        _end += read;
    }
}

using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Roll;

/// <summary>Brotli and gzip from System.IO.Compression: a whole body at once, or a streamed one chunk by chunk, each chunk flushed.</summary>
internal static class Compressor
{
    private const int StreamChunkSize = 16 * 1024;
    private const int BrotliWindow = 22;

    /// <summary>The body compressed whole.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> source, string encoding, CompressionLevel level)
    {
        if (encoding == "br")
        {
            var rented = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(source.Length));
            try
            {
                if (BrotliEncoder.TryCompress(source, rented, out var written, BrotliQuality(level), BrotliWindow))
                {
                    return rented.AsSpan(0, written).ToArray();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        var sink = new MemoryStream(source.Length / 4 + 64);
        using (var compressor = Open(encoding, sink, level))
        {
            compressor.Write(source);
        }
        return sink.ToArray();
    }

    /// <summary>A streamed body compressed as it comes: each chunk of the source is flushed through the coder, so what the handler sends reaches the client then.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> CompressAsync(object source, string encoding, CompressionLevel level)
    {
        var sink = new MemoryStream();
        var compressor = Open(encoding, sink, level);
        try
        {
            await foreach (var chunk in ChunksOf(source).ConfigureAwait(false))
            {
                if (chunk.IsEmpty)
                {
                    continue;
                }
                compressor.Write(chunk.Span);
                // A sync flush (zlib's Z_SYNC_FLUSH, brotli's BROTLI_OPERATION_FLUSH): the client can decode all that came so far.
                compressor.Flush();
                if (sink.Length > 0)
                {
                    // The engine has written a chunk out before it asks for the next, so the sink's buffer is reused.
                    yield return sink.GetBuffer().AsMemory(0, (int)sink.Length);
                    sink.SetLength(0);
                }
            }
            compressor.Dispose();
            if (sink.Length > 0)
            {
                yield return sink.GetBuffer().AsMemory(0, (int)sink.Length);
            }
        }
        finally
        {
            compressor.Dispose();
        }
    }

    private static Stream Open(string encoding, Stream sink, CompressionLevel level) => encoding == "br"
        ? new BrotliStream(sink, level, leaveOpen: true)
        : new GZipStream(sink, level, leaveOpen: true);

    // BrotliStream's own mapping of the levels, so that both paths compress alike.
    private static int BrotliQuality(CompressionLevel level) => level switch
    {
        CompressionLevel.NoCompression => 0,
        CompressionLevel.Fastest => 1,
        CompressionLevel.SmallestSize => 11,
        _ => 4,
    };

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunksOf(object source)
    {
        switch (source)
        {
            case Stream stream:
                await using (stream.ConfigureAwait(false))
                {
                    var buffer = new byte[StreamChunkSize];
                    int read;
                    while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                    {
                        yield return buffer.AsMemory(0, read);
                    }
                }
                break;
            case IAsyncEnumerable<ReadOnlyMemory<byte>> memories:
                await foreach (var chunk in memories.ConfigureAwait(false))
                {
                    yield return chunk;
                }
                break;
            case IAsyncEnumerable<byte[]> arrays:
                await foreach (var chunk in arrays.ConfigureAwait(false))
                {
                    yield return chunk;
                }
                break;
            case IAsyncEnumerable<string> texts:
                await foreach (var chunk in texts.ConfigureAwait(false))
                {
                    yield return Encoding.UTF8.GetBytes(chunk);
                }
                break;
        }
    }
}

using System.Net;

namespace Roll.Server;

/// <summary>Loading a whole body before the handler runs: in memory while small, in a temporary file beyond.</summary>
internal sealed partial class BodyReader
{
    private const int FileWriteBufferSize = 64 * 1024;

    /// <summary>Reads the whole body: into an array when it stays within <paramref name="memoryThreshold"/> bytes, else into a temporary file; 413 beyond <paramref name="limit"/>.</summary>
    /// <remarks>A chunked body is refused as soon as it passes the limit: at most one read's worth of bytes beyond it is taken from the connection.</remarks>
    public async ValueTask<(byte[]? Bytes, TempFileBody? File)> BufferAsync(long limit, long contentLength, int memoryThreshold)
    {
        if (contentLength >= 0 && contentLength <= memoryThreshold)
        {
            return (await ReadToEndAsync(limit, contentLength).ConfigureAwait(false), null);
        }
        if (contentLength > limit)
        {
            throw Refused(HttpStatusCode.RequestEntityTooLarge);
        }
        var buffer = new byte[Math.Clamp(memoryThreshold, 0, 4096)];
        var filled = 0;
        long total = 0;
        TempFileBody? file = null;
        try
        {
            while (true)
            {
                var chunk = await ReadAsync().ConfigureAwait(false);
                if (chunk.IsEmpty)
                {
                    break;
                }
                total += chunk.Length;
                if (total > limit)
                {
                    Faulted = true;
                    throw Refused(HttpStatusCode.RequestEntityTooLarge);
                }
                while (!chunk.IsEmpty)
                {
                    if (filled == buffer.Length)
                    {
                        if (file is null && buffer.Length < memoryThreshold)
                        {
                            Array.Resize(ref buffer, (int)Math.Min(memoryThreshold, 2L * buffer.Length));
                            continue;
                        }
                        // Past the threshold: what is in memory goes to the file, and the array becomes its write buffer.
                        file ??= TempFileBody.Create();
                        await file.AppendAsync(buffer.AsMemory(0, filled)).ConfigureAwait(false);
                        filled = 0;
                        if (buffer.Length < FileWriteBufferSize)
                        {
                            buffer = new byte[FileWriteBufferSize];
                        }
                    }
                    var take = Math.Min(chunk.Length, buffer.Length - filled);
                    chunk.Span[..take].CopyTo(buffer.AsSpan(filled));
                    filled += take;
                    chunk = chunk[take..];
                }
            }
            if (file is null)
            {
                return (filled == buffer.Length ? buffer : buffer.AsSpan(0, filled).ToArray(), null);
            }
            await file.AppendAsync(buffer.AsMemory(0, filled)).ConfigureAwait(false);
            return (null, file);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Roll.Server;

/// <summary>Writes a response onto the connection's pipe: status line, headers, then the body whole or chunked.</summary>
internal static class ResponseWriter
{
    private const int StreamChunkSize = 16 * 1024;
    private static readonly byte[]?[] s_statusLines = new byte[600][];

    /// <summary>Writes the response (with <paramref name="upgrading"/>, the 101 that hands the connection over); returns whether the connection can serve another request, and if not why.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ConnectionReuse> WriteAsync(HttpProtocol protocol, Request request, Response response, RequestHead head, bool upgrading)
    {
        var output = protocol.Output;
        var status = (int)response.Status;
        var body = response.Body;
        // RFC 9110 §6.4.1: no content in 1xx, 204 and 304 responses, nor in any answer to HEAD.
        var bodyless = status < 200 || status == 204 || status == 304;
        var sendBody = !bodyless && request.Method != "HEAD";
        var streamed = body.IsStreamed && !bodyless;
        var headers = response.Headers;
        // One pass over the handler's headers for the ones the framing depends on.
        headers.FindFraming(out var hasContentLength, out var hasContentType, out var hasDate, out var connection);
        // HTTP/1.0 has no chunked coding: a streamed body of unknown length ends with the connection.
        var unframed = streamed && !hasContentLength && !head.IsHttp11;
        var chunked = streamed && !hasContentLength && head.IsHttp11;
        var reuse = protocol.DecideReuse(connection, unframed, upgrading);
        // The engine owns the Connection header but on a kept HTTP/1.1 connection (or a 101): then the handler's goes as set.
        var sendsOwnConnection = reuse != ConnectionReuse.Upgrade && (reuse != ConnectionReuse.KeepAlive || !head.IsHttp11);

        WriteStatusLine(output, status);
        if (!hasDate)
        {
            // A Date the handler set stands instead of the engine's (RFC 9110 §6.6.1: one Date).
            output.Write(Heartbeat.DateLine);
        }
        long length = -1;
        if (!bodyless)
        {
            if (!streamed && (sendBody || !hasContentLength))
            {
                length = body.Text is { } text ? Encoding.UTF8.GetByteCount(text) : body.RawBytes.Length;
            }
            if (body.Text is not null && !hasContentType)
            {
                output.Write("Content-Type: text/plain; charset=utf-8\r\n"u8);
            }
        }
        // RFC 9110 §8.6 and RFC 9112 §6.1: a 1xx or 204 carries no framing, whatever the handler set
        // (a 304 may keep the Content-Length of the representation it stands for).
        var noFraming = status < 200 || status == 204;
        foreach (var (name, value) in headers)
        {
            if ((length >= 0 || noFraming) && name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (noFraming && name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (connection is not null && sendsOwnConnection && name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            HttpWire.WriteHeader(output, name, value);
        }
        if (response.HasCookies)
        {
            foreach (var cookie in response.Cookies)
            {
                cookie.WriteHeaderTo(output);
            }
        }
        if (length >= 0)
        {
            output.Write("Content-Length: "u8);
            HttpWire.WriteNumber(output, length);
            output.Write("\r\n"u8);
        }
        if (chunked)
        {
            output.Write("Transfer-Encoding: chunked\r\n"u8);
        }
        if (sendsOwnConnection)
        {
            output.Write(reuse == ConnectionReuse.KeepAlive ? "Connection: keep-alive\r\n"u8 : "Connection: close\r\n"u8);
        }
        output.Write("\r\n"u8);

        if (!sendBody)
        {
            if (body.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
            return reuse;
        }
        if (!streamed)
        {
            if (body.Text is { } text)
            {
                HttpWire.WriteUtf8(output, text);
            }
            else if (!body.RawBytes.IsEmpty)
            {
                output.Write(body.RawBytes.Span);
            }
            return reuse;
        }
        protocol.WatchIfAsked();
        try
        {
            if (!await WriteStreamedAsync(output, body.Value!, chunked).ConfigureAwait(false))
            {
                // The client takes no more: whoever produces the body (server-sent events) is told, and the connection ends.
                protocol.Abort();
                return ConnectionReuse.ResponseFailed;
            }
        }
        catch (IOException)
        {
            protocol.Abort();
            throw;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The head is gone already: the only honest signal left is to end the connection without the final chunk.
            protocol.App.Logger.LogError(error, "Streaming the response to {Method} {Url} failed", request.Method, request.Url);
            return ConnectionReuse.ResponseFailed;
        }
        return reuse;
    }

    /// <summary>Answers a request that could not be parsed, and asks for the connection to close; to a HEAD (<paramref name="answersHead"/>) the head says what a GET would get, and no body follows (RFC 9110 §9.3.2).</summary>
    public static async ValueTask WriteErrorAsync(PipeWriter output, HttpError error, bool answersHead)
    {
        WriteStatusLine(output, (int)error.Status);
        output.Write(Heartbeat.DateLine);
        var message = error.Body;
        output.Write("Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "u8);
        HttpWire.WriteNumber(output, Encoding.UTF8.GetByteCount(message));
        output.Write("\r\n\r\n"u8);
        if (!answersHead)
        {
            HttpWire.WriteUtf8(output, message);
        }
        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Sends a streamed body as it comes; false when the client stopped taking it (the output's reader is gone).</summary>
    private static async ValueTask<bool> WriteStreamedAsync(PipeWriter output, object source, bool chunked)
    {
        switch (source)
        {
            case Stream stream:
                await using (stream.ConfigureAwait(false))
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(StreamChunkSize);
                    try
                    {
                        int read;
                        while ((read = await stream.ReadAsync(buffer.AsMemory(0, StreamChunkSize)).ConfigureAwait(false)) > 0)
                        {
                            if ((await WriteChunkAsync(output, buffer.AsMemory(0, read), chunked).ConfigureAwait(false)).IsCompleted)
                            {
                                return false;
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
                break;
            case IAsyncEnumerable<ReadOnlyMemory<byte>> memories:
                if (!await WriteChunksAsync(output, memories, static chunk => chunk, chunked).ConfigureAwait(false))
                {
                    return false;
                }
                break;
            case IAsyncEnumerable<byte[]> arrays:
                if (!await WriteChunksAsync(output, arrays, static chunk => chunk, chunked).ConfigureAwait(false))
                {
                    return false;
                }
                break;
            case IAsyncEnumerable<string> texts:
                if (!await WriteChunksAsync(output, texts, static chunk => Encoding.UTF8.GetBytes(chunk), chunked).ConfigureAwait(false))
                {
                    return false;
                }
                break;
        }
        if (chunked)
        {
            output.Write("0\r\n\r\n"u8);
        }
        await output.FlushAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends async chunks as they come; false when the client stopped taking them.</summary>
    private static async ValueTask<bool> WriteChunksAsync<T>(PipeWriter output, IAsyncEnumerable<T> chunks, Func<T, ReadOnlyMemory<byte>> bytesOf, bool chunked)
    {
        var enumerator = chunks.GetAsyncEnumerator();
        try
        {
            var next = enumerator.MoveNextAsync();
            // The head goes out while the first chunk is awaited: a client (an EventSource) learns the answer has begun.
            if (!next.IsCompleted && (await output.FlushAsync().ConfigureAwait(false)).IsCompleted)
            {
                return false;
            }
            while (await next.ConfigureAwait(false))
            {
                if ((await WriteChunkAsync(output, bytesOf(enumerator.Current), chunked).ConfigureAwait(false)).IsCompleted)
                {
                    return false;
                }
                next = enumerator.MoveNextAsync();
            }
            return true;
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ValueTask<FlushResult> WriteChunkAsync(PipeWriter output, ReadOnlyMemory<byte> chunk, bool chunked)
    {
        if (chunk.IsEmpty)
        {
            // An empty chunk would read as the last one.
            return ValueTask.FromResult(default(FlushResult));
        }
        if (chunked)
        {
            HttpWire.WriteChunkSize(output, chunk.Length);
        }
        output.Write(chunk.Span);
        if (chunked)
        {
            output.Write("\r\n"u8);
        }
        return output.FlushAsync();
    }

    private static void WriteStatusLine(PipeWriter output, int status)
    {
        var line = (uint)status < (uint)s_statusLines.Length ? s_statusLines[status] : null;
        if (line is null)
        {
            line = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {StatusPhrases.Get(status)}\r\n");
            if ((uint)status < (uint)s_statusLines.Length)
            {
                s_statusLines[status] = line;
            }
        }
        output.Write(line);
    }
}

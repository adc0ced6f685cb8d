using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Roll.Kestrel;

/// <summary>Reads the HTTP/1.1 response Roll's engine wrote and gives it to Kestrel: status, headers, then the body as it comes.</summary>
internal static class ResponseForwarder
{
    /// <summary>Reads the next final head into <paramref name="head"/>, passing over interim ones; false when Roll ended the connection first.</summary>
    /// <param name="input">Where Roll's engine writes responses.</param>
    /// <param name="head">Receives the head.</param>
    /// <param name="onContinue">Runs when Roll answers 100 Continue: Roll reads the body now, so the bridge starts sending it.</param>
    /// <param name="cancellationToken">Ends the wait when the client goes away.</param>
    public static async ValueTask<bool> ReadHeadAsync(PipeReader input, ResponseHead head, Action onContinue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (ResponseHead.TryFindEnd(buffer, out var end))
            {
                var bytes = buffer.Slice(0, end);
                head.Parse(bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray());
                input.AdvanceTo(end);
                if (head.Status is >= 100 and < 200 and not 101)
                {
                    // Kestrel sends its own 100 Continue when the body is first read; Roll's tells the bridge to read it.
                    if (head.Status == 100)
                    {
                        onContinue();
                    }
                    continue;
                }
                return true;
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return false;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Sets Kestrel's status and headers from Roll's; Kestrel frames the response itself, so hop-by-hop headers stay behind.</summary>
    /// <param name="head">Roll's head.</param>
    /// <param name="response">Kestrel's response.</param>
    /// <param name="webSocketOverHttp2">Whether a 101 is to become the 200 of an HTTP/2 websocket (RFC 8441 §5), without the HTTP/1.1 handshake's headers.</param>
    /// <param name="closeConnection">Whether Kestrel closes the client's HTTP/1.x connection after the response (RFC 9112 §9.6).</param>
    public static void Apply(ResponseHead head, IHttpResponseFeature response, bool webSocketOverHttp2, bool closeConnection)
    {
        response.StatusCode = webSocketOverHttp2 && head.Status == 101 ? 200 : head.Status;
        if (head.Reason.Length > 0 && head.Reason != ReasonPhrases.GetReasonPhrase(head.Status))
        {
            response.ReasonPhrase = head.Reason;
        }
        var headers = response.Headers;
        foreach (var (name, value) in head.Headers)
        {
            if (IsHopByHop(name) || (webSocketOverHttp2 && IsHandshakeOnly(name)))
            {
                continue;
            }
            if (ReferenceEquals(name, "Content-Length"))
            {
                headers.ContentLength = head.ContentLength;
                continue;
            }
            headers.Append(name, value);
        }
        if (closeConnection)
        {
            headers.Connection = "close";
        }
    }

    /// <summary>Copies the body that follows the head to Kestrel, de-chunked, flushing as Roll writes; false when Roll ended it early.</summary>
    public static async ValueTask<bool> CopyBodyAsync(PipeReader input, ResponseHead head, bool bodyless, PipeWriter output,
        CancellationToken cancellationToken)
    {
        if (bodyless)
        {
            return true;
        }
        if (head.Chunked)
        {
            return await CopyChunkedAsync(input, output, cancellationToken).ConfigureAwait(false);
        }
        if (head.ContentLength >= 0)
        {
            return await CopyLengthAsync(input, head.ContentLength, output, cancellationToken).ConfigureAwait(false);
        }
        // No framing: HTTP/1.0's streamed answer, which ends with the connection.
        await CopyLengthAsync(input, long.MaxValue, output, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async ValueTask<bool> CopyLengthAsync(PipeReader input, long length, PipeWriter output, CancellationToken cancellationToken)
    {
        var remaining = length;
        while (remaining > 0)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            Write(output, take);
            remaining -= take.Length;
            input.AdvanceTo(take.End);
            if (remaining == 0)
            {
                // The whole body is written: Kestrel flushes it as the request ends, with nothing else to wait for.
                return true;
            }
            if (result.IsCompleted)
            {
                return false;
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private static async ValueTask<bool> CopyChunkedAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken)
    {
        var decoder = new ChunkDecoder();
        if (!input.TryRead(out var result))
        {
            // No body yet (server-sent events waiting for their first one): the head goes out meanwhile, as on Roll's engine.
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        while (true)
        {
            var reader = new SequenceReader<byte>(result.Buffer);
            var done = decoder.Decode(ref reader, output);
            input.AdvanceTo(reader.Position, result.Buffer.End);
            if (done)
            {
                return true;
            }
            if (result.IsCompleted)
            {
                return false;
            }
            // Each piece goes on as Roll wrote it: a streamed answer is not held back.
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Write(PipeWriter output, ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            output.Write(segment.Span);
        }
    }

    /// <summary>RFC 9110 §7.6.1: what concerns one connection only, which Kestrel sets for its own.</summary>
    private static bool IsHopByHop(string name)
        => name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
           || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase);

    private static bool IsHandshakeOnly(string name)
        => name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase);

    /// <summary>RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF chunk-data CRLF, then a zero size, the trailers and an empty line.</summary>
    private sealed class ChunkDecoder
    {
        private const int Size = 0;
        private const int Data = 1;
        private const int DataEnd = 2;
        private const int Trailers = 3;

        private int _state;
        private long _remaining;

        /// <summary>Writes the data of what is buffered; true once the last chunk and its trailers are read.</summary>
        public bool Decode(ref SequenceReader<byte> reader, PipeWriter output)
        {
            while (true)
            {
                switch (_state)
                {
                    case Size:
                        if (!reader.TryReadTo(out ReadOnlySequence<byte> sizeLine, "\r\n"u8))
                        {
                            return false;
                        }
                        _remaining = ParseSize(sizeLine);
                        _state = _remaining == 0 ? Trailers : Data;
                        break;
                    case Data:
                        var take = Math.Min(_remaining, reader.Remaining);
                        if (take == 0)
                        {
                            return false;
                        }
                        Write(output, reader.UnreadSequence.Slice(0, take));
                        reader.Advance(take);
                        _remaining -= take;
                        _state = _remaining == 0 ? DataEnd : Data;
                        break;
                    case DataEnd:
                        if (reader.Remaining < 2)
                        {
                            return false;
                        }
                        reader.Advance(2);
                        _state = Size;
                        break;
                    default:
                        if (!reader.TryReadTo(out ReadOnlySequence<byte> trailer, "\r\n"u8))
                        {
                            return false;
                        }
                        if (trailer.IsEmpty)
                        {
                            return true;
                        }
                        break;
                }
            }
        }

        private static long ParseSize(ReadOnlySequence<byte> line)
        {
            Span<byte> text = stackalloc byte[32];
            var length = (int)Math.Min(line.Length, text.Length);
            line.Slice(0, length).CopyTo(text);
            var digits = text[..length];
            var extension = digits.IndexOf((byte)';');
            if (extension >= 0)
            {
                digits = digits[..extension];
            }
            if (!Utf8Parser.TryParse(digits.Trim(" \t"u8), out long size, out var used, 'x') || used == 0)
            {
                throw new InvalidDataException("Roll's engine wrote an invalid chunk size.");
            }
            return size;
        }
    }
}

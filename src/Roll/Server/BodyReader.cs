using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net;

namespace Roll.Server;

/// <summary>Reads one request's body straight from the connection's pipe, decoding chunked framing (RFC 9112 §7.1).</summary>
/// <remarks>
/// Each read hands out memory that stays in the pipe until the next read: nothing is copied, and nothing more
/// is read from the socket than the reader asked for, which is the backpressure a lazy body relies on.
/// Before it waits for the client, a read flushes the responses written so far: the answers to pipelined
/// requests are held back only while the next request is at hand, never while the client is waited for.
/// </remarks>
internal sealed class BodyReader
{
    private const int MaxChunkLineLength = 4096;
    private const int MaxUpfrontBodyArray = 64 * 1024;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Func<ValueTask> _sendContinue;
    private State _state;
    private bool _isContentLength;
    private long _remaining;
    private long _trailerBytes;
    private long _maxTrailerBytes;
    private bool _continuePending;
    private bool _hasPending;
    private SequencePosition _pending;

    public BodyReader(PipeReader input, PipeWriter output, Func<ValueTask> sendContinue)
    {
        _input = input;
        _output = output;
        _sendContinue = sendContinue;
    }

    private enum State
    {
        Done,
        Data,
        ChunkSize,
        ChunkDataEnd,
        Trailers,
    }

    /// <summary>Whether the whole body (and its framing) has been read.</summary>
    public bool IsComplete => _state == State.Done && !_hasPending;

    /// <summary>Whether the body's framing was found invalid, or the client closed too early: the connection cannot go on.</summary>
    public bool Faulted { get; private set; }

    /// <summary>Whether the app started reading the body (and so a pending 100 Continue was sent).</summary>
    public bool Started { get; private set; }

    /// <summary>Bytes of a Content-Length body still unread; -1 for a chunked body.</summary>
    public long KnownRemaining => _state == State.Done ? 0 : _isContentLength ? _remaining : -1;

    public void Reset(RequestHead head, ServerLimits limits)
    {
        _hasPending = false;
        Started = false;
        Faulted = false;
        _trailerBytes = 0;
        _maxTrailerBytes = limits.MaxRequestHeadersTotalSize;
        _continuePending = head.ExpectContinue && head.IsHttp11;
        _isContentLength = !head.Chunked;
        if (head.Chunked)
        {
            _state = State.ChunkSize;
        }
        else if (head.ContentLength > 0)
        {
            _state = State.Data;
            _remaining = head.ContentLength;
        }
        else
        {
            _state = State.Done;
            _remaining = 0;
        }
    }

    /// <summary>Returns the next piece of the body, valid until the next call; empty at the end.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default)
    {
        Release();
        if (_state == State.Done)
        {
            return default;
        }
        Started = true;
        if (_continuePending)
        {
            _continuePending = false;
            await _sendContinue().ConfigureAwait(false);
        }
        var wait = false;
        while (true)
        {
            // TryRead first: a body already buffered (pipelining) is read without flushing the batch's answers.
            // Only once, since TryRead hands back data already examined, which would spin.
            if (wait || !_input.TryRead(out var result))
            {
                if (_output.UnflushedBytes > 0)
                {
                    await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            wait = true;
            if (result.IsCanceled)
            {
                // Only an idle connection's reads are ever cancelled (timeouts, shutdown); one that lands
                // as the request arrives is stale here, so read again, having advanced as a read must.
                _input.AdvanceTo(result.Buffer.Start);
                continue;
            }
            var buffer = result.Buffer;
            if (TryTake(buffer, out var chunk, out var consumed, out var examined))
            {
                if (chunk.IsEmpty)
                {
                    _input.AdvanceTo(consumed);
                    return default;
                }
                _pending = consumed;
                _hasPending = true;
                return chunk;
            }
            _input.AdvanceTo(consumed, examined);
            if (result.IsCompleted)
            {
                Throw("The request body ended early");
            }
        }
    }

    /// <summary>Reads the whole body into one array, refusing more than <paramref name="limit"/> bytes with 413.</summary>
    public async ValueTask<byte[]> ReadToEndAsync(long limit, long contentLength)
    {
        if (contentLength > limit || contentLength > Array.MaxLength)
        {
            throw new HttpError(HttpStatusCode.RequestEntityTooLarge);
        }
        if (contentLength >= 0)
        {
            // The array grows to the claimed length as the bytes come, so that a head alone cannot make
            // the server allocate whatever it claims.
            var body = new byte[Math.Min(contentLength, MaxUpfrontBodyArray)];
            var offset = 0;
            while (true)
            {
                var chunk = await ReadAsync().ConfigureAwait(false);
                if (chunk.IsEmpty)
                {
                    Debug.Assert(offset == body.Length, "A Content-Length body ends when all its bytes are read.");
                    return body;
                }
                if (offset + chunk.Length > body.Length)
                {
                    Array.Resize(ref body, (int)Math.Min(contentLength, Math.Max(2L * body.Length, offset + chunk.Length)));
                }
                chunk.Span.CopyTo(body.AsSpan(offset));
                offset += chunk.Length;
            }
        }
        var writer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var chunk = await ReadAsync().ConfigureAwait(false);
            if (chunk.IsEmpty)
            {
                return writer.WrittenSpan.ToArray();
            }
            if (writer.WrittenCount + chunk.Length > limit)
            {
                throw new HttpError(HttpStatusCode.RequestEntityTooLarge);
            }
            writer.Write(chunk.Span);
        }
    }

    /// <summary>Reads and discards what is left of the body, up to a limit; false when the limit was reached first.</summary>
    public async ValueTask<bool> DrainAsync(long limit)
    {
        long drained = 0;
        while (true)
        {
            var chunk = await ReadAsync().ConfigureAwait(false);
            if (chunk.IsEmpty)
            {
                return true;
            }
            drained += chunk.Length;
            if (drained > limit)
            {
                Release();
                return false;
            }
        }
    }

    /// <summary>Gives back to the pipe the memory handed out by the last read.</summary>
    public void Release()
    {
        if (_hasPending)
        {
            _hasPending = false;
            _input.AdvanceTo(_pending);
        }
    }

    private bool TryTake(ReadOnlySequence<byte> buffer, out ReadOnlyMemory<byte> chunk, out SequencePosition consumed, out SequencePosition examined)
    {
        var reader = new SequenceReader<byte>(buffer);
        chunk = default;
        examined = buffer.End;
        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    consumed = reader.Position;
                    return true;
                case State.Data:
                    if (reader.End)
                    {
                        consumed = reader.Position;
                        return false;
                    }
                    var memory = buffer.Slice(reader.Position).First;
                    var take = (int)Math.Min(_remaining, memory.Length);
                    chunk = memory.Slice(0, take);
                    reader.Advance(take);
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = _isContentLength ? State.Done : State.ChunkDataEnd;
                    }
                    consumed = reader.Position;
                    return true;
                case State.ChunkDataEnd:
                    if (reader.Remaining < 2)
                    {
                        consumed = reader.Position;
                        return false;
                    }
                    if (!reader.IsNext("\r\n"u8, advancePast: true))
                    {
                        Throw("Chunk data not followed by CRLF");
                    }
                    _state = State.ChunkSize;
                    break;
                case State.ChunkSize:
                case State.Trailers:
                    if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                    {
                        if (reader.Remaining > MaxChunkLineLength)
                        {
                            Throw("Chunk line too long");
                        }
                        consumed = reader.Position;
                        return false;
                    }
                    if (line.Length > MaxChunkLineLength)
                    {
                        Throw("Chunk line too long");
                    }
                    ReadOnlySpan<byte> copy = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
                    if (copy.IsEmpty || copy[^1] != '\r')
                    {
                        Throw("Bare LF in chunked body");
                    }
                    if (_state == State.ChunkSize)
                    {
                        ReadChunkSize(copy[..^1]);
                    }
                    else
                    {
                        ReadTrailer(copy[..^1]);
                    }
                    break;
            }
        }
    }

    private void ReadChunkSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        var i = 0;
        for (; i < line.Length && char.IsAsciiHexDigit((char)line[i]); i++)
        {
            if (i >= 15)
            {
                Throw("Chunk size too large");
            }
            size = (size << 4) | (long)HexValue(line[i]);
        }
        if (i == 0)
        {
            Throw("Invalid chunk size");
        }
        CheckChunkExtensions(line.Slice(i));
        if (size == 0)
        {
            _state = State.Trailers;
        }
        else
        {
            _state = State.Data;
            _remaining = size;
        }
    }

    /// <summary>Checks chunk-ext (RFC 9112 §7.1.1), which is otherwise ignored: <c>*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )</c>.</summary>
    private void CheckChunkExtensions(ReadOnlySpan<byte> ext)
    {
        var i = 0;
        while (i < ext.Length)
        {
            i = SkipWhitespace(ext, i);
            if (i == ext.Length || ext[i] != ';')
            {
                Throw("Invalid chunk extension");
            }
            i = SkipWhitespace(ext, i + 1);
            var name = TokenLength(ext.Slice(i));
            if (name == 0)
            {
                Throw("Invalid chunk extension");
            }
            i += name;
            var afterName = SkipWhitespace(ext, i);
            if (afterName == ext.Length || ext[afterName] != '=')
            {
                continue;
            }
            i = SkipWhitespace(ext, afterName + 1);
            var value = i < ext.Length && ext[i] == '"' ? QuotedStringLength(ext.Slice(i)) : TokenLength(ext.Slice(i));
            if (value == 0)
            {
                Throw("Invalid chunk extension");
            }
            i += value;
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int i)
    {
        while (i < span.Length && (span[i] == ' ' || span[i] == '\t'))
        {
            i++;
        }
        return i;
    }

    private static int TokenLength(ReadOnlySpan<byte> span)
    {
        var end = span.IndexOfAnyExcept(HttpParser.TokenChars);
        return end < 0 ? span.Length : end;
    }

    /// <summary>The length of the quoted-string (RFC 9110 §5.6.4) at the start of the span, quotes included; 0 when there is none.</summary>
    private static int QuotedStringLength(ReadOnlySpan<byte> span)
    {
        for (var i = 1; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '"')
            {
                return i + 1;
            }
            if (c == '\\')
            {
                i++;
                if (i == span.Length)
                {
                    return 0;
                }
                c = span[i];
            }
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return 0;
            }
        }
        return 0;
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private void ReadTrailer(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _state = State.Done;
            return;
        }
        _trailerBytes += line.Length + 2;
        if (_trailerBytes > _maxTrailerBytes)
        {
            Throw("Trailers too large");
        }
        // Trailers are read past, not kept (RFC 9112 §7.1.2 allows it), but they are framing all the same:
        // held to the header lines' rules, so that no intermediary can read them differently.
        if (HttpParser.ReadFieldLine(line, out _, out _, out _) is { } error)
        {
            Throw(error.Replace("header", "trailer", StringComparison.Ordinal));
        }
    }

    [DoesNotReturn]
    private void Throw(string message)
    {
        Faulted = true;
        throw new HttpError(HttpStatusCode.BadRequest, message);
    }
}

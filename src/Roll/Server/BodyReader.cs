using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;

namespace Roll.Server;

/// <summary>Reads one request's body straight from the connection's pipe, decoding chunked framing (RFC 9112 §7.1).</summary>
/// <remarks>
/// Each read hands out memory that stays in the pipe until the next read: nothing is copied, and nothing more
/// is read from the socket than the reader asked for, which is the backpressure a lazy body relies on.
/// Before it waits for the client, a read flushes the responses written so far: the answers to pipelined
/// requests are held back only while the next request is at hand, never while the client is waited for.
/// </remarks>
internal sealed partial class BodyReader
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
    private long _timeout;
    private long _deadline = NoDeadline;
    private MinDataRate? _minRate;
    private long _bytesRead;
    private long _waitedMilliseconds;
    private volatile bool _tooSlow;

    private const long NoDeadline = long.MaxValue;
    private const long TimedOut = long.MinValue;

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
        _timeout = (long)limits.RequestBodyTimeout.TotalMilliseconds;
        _minRate = limits.MinRequestBodyDataRate;
        _bytesRead = 0;
        _waitedMilliseconds = 0;
        _tooSlow = false;
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default)
    {
        Release();
        if (_state == State.Done)
        {
            return default;
        }
        Started = true;
        await SendContinueIfPendingAsync().ConfigureAwait(false);
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
                // The heartbeat cancels the read if the client sends nothing more for the body timeout, or
                // sends slower than the minimum rate; only the time spent waiting here counts for the rate.
                var waitStart = Heartbeat.Now;
                Volatile.Write(ref _deadline, waitStart + _timeout);
                result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var deadline = Interlocked.Exchange(ref _deadline, NoDeadline);
                Volatile.Write(ref _waitedMilliseconds, _waitedMilliseconds + Heartbeat.Now - waitStart);
                if (deadline == TimedOut)
                {
                    _input.AdvanceTo(result.Buffer.Start);
                    Faulted = true;
                    throw Refused(HttpStatusCode.RequestTimeout,
                        _tooSlow ? "The request body arrived slower than the minimum data rate" : "The request body timed out");
                }
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
                Volatile.Write(ref _bytesRead, _bytesRead + chunk.Length);
                return chunk;
            }
            _input.AdvanceTo(consumed, examined);
            if (result.IsCompleted)
            {
                Throw("The request body ended early");
            }
        }
    }

    /// <summary>Cancels a read of the body that has waited for the client longer than the body timeout, or whose body comes slower than the minimum rate (called by the heartbeat); true for the latter.</summary>
    public bool CheckDeadline(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline == NoDeadline || deadline == TimedOut)
        {
            return false;
        }
        // Kestrel's rule: the bytes read over the time spent waiting for them, this wait included, once past the grace period.
        var tooSlow = _minRate is { } rate
            && rate.IsTooSlow(Volatile.Read(ref _bytesRead), Volatile.Read(ref _waitedMilliseconds) + now - (deadline - _timeout));
        if (!(now > deadline || tooSlow))
        {
            return false;
        }
        // Said before the read is cancelled, for the reader to tell the client which limit it hit.
        _tooSlow = now <= deadline;
        if (Interlocked.CompareExchange(ref _deadline, TimedOut, deadline) != deadline)
        {
            return false;
        }
        _input.CancelPendingRead();
        return now <= deadline;
    }

    /// <summary>Sends the 100 Continue the client waits for before it sends the body (RFC 9110 §10.1.1), if not sent yet.</summary>
    public ValueTask SendContinueIfPendingAsync()
    {
        if (!_continuePending)
        {
            return ValueTask.CompletedTask;
        }
        _continuePending = false;
        return _sendContinue();
    }

    /// <summary>Reads the whole body into one array, refusing more than <paramref name="limit"/> bytes with 413.</summary>
    public async ValueTask<byte[]> ReadToEndAsync(long limit, long contentLength)
    {
        if (contentLength > limit || contentLength > Array.MaxLength)
        {
            throw Refused(HttpStatusCode.RequestEntityTooLarge);
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
                Faulted = true;
                throw Refused(HttpStatusCode.RequestEntityTooLarge);
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

    [DoesNotReturn]
    private void Throw(string message)
    {
        Faulted = true;
        throw Refused(HttpStatusCode.BadRequest, message);
    }

    /// <summary>The error a body the engine will not take is refused with, counted in <c>roll.server.request_errors</c>.</summary>
    private static HttpError Refused(HttpStatusCode status, string? message = null)
    {
        Diagnostics.ServerTelemetry.RequestRefused(status);
        return new HttpError(status, message);
    }
}

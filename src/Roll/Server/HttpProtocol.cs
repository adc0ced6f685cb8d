using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Roll.Diagnostics;

namespace Roll.Server;

/// <summary>Serves the HTTP/1.1 requests of one connection, knowing only its pipe reader and writer.</summary>
/// <remarks>
/// Requests are answered in order; while another complete request is already buffered (pipelining) responses
/// are not flushed, so a batch goes out in one write. The request and response objects are reused for the
/// connection's whole life.
/// </remarks>
public partial class HttpProtocol
{
    // Whether the connection serves another request: DecideReuse, with its table, in HttpProtocol.Reuse.cs.
    private const int Idle = 0;
    private const int ReadingHead = 1;
    private const int Busy = 2;
    private const int TimedOut = 3;
    private const int Closing = 4;
    private const long BlockingWarningMilliseconds = 1000;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RequestHead _head = new();
    private readonly Request _request;
    private readonly Response _response;
    private readonly ServerLimits _limits;
    private int _state;
    private long _deadline = long.MaxValue;
    private long _blockingSince;
    private long _warnedFor;
    private volatile bool _stopRequested;
    private Action? _stopUpgraded;

    /// <summary>Creates the protocol of one connection of an app.</summary>
    public HttpProtocol(RollApp app, IDuplexPipe transport, EndPoint? remoteEndPoint = null)
    {
        App = app;
        _input = transport.Input;
        _output = transport.Output;
        RemoteEndPoint = remoteEndPoint;
        _limits = app.Limits;
        _request = app.CreateRequest();
        _response = app.CreateResponse();
        Body = new BodyReader(_input, _output, SendContinueAsync);
    }

    /// <summary>The app this connection serves.</summary>
    public RollApp App { get; }

    /// <summary>The address of the client, when the transport has one.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The scheme of the transport the requests came over: <c>https</c> when it is TLS (Kestrel's, through Roll.Kestrel), else <c>http</c>.</summary>
    public string Scheme { get; internal set; } = "http";

    internal BodyReader Body { get; }

    internal PipeWriter Output => _output;

    /// <summary>The socket's stream, when the transport is one of Roll's sockets: its writes are timed against <see cref="ServerLimits.MinResponseDataRate"/>.</summary>
    internal TimedNetworkStream? Sending { get; set; }

    /// <summary>Serves requests until the client closes, a request asks to close, an error closes, or <see cref="Stop"/>.</summary>
    public async Task RunAsync()
    {
        Heartbeat.Register(this);
        try
        {
            while (await ReadHeadAsync().ConfigureAwait(false))
            {
                if (!await ServeOneAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            await _output.FlushAsync().ConfigureAwait(false);
        }
        catch (HttpError error)
        {
            // The head could not be read (too large, timed out): answer, then close.
            await WriteErrorAsync(error).ConfigureAwait(false);
        }
        catch (Exception error) when (NoteFailure(error) || error is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            App.Logger.LogDebug(error, "Connection from {RemoteEndPoint} closed", RemoteEndPoint);
        }
        finally
        {
            EndTelemetry();
            Heartbeat.Unregister(this);
            await EndWatchAsync().ConfigureAwait(false);
            _request.DisposeRequestResources();
            Body.Release();
            await CompleteTransportAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Asks the connection to close gracefully: at once when idle, after the response in flight otherwise; an upgraded one (a websocket) is told to close.</summary>
    public void Stop()
    {
        _stopRequested = true;
        Interlocked.MemoryBarrier();
        Volatile.Read(ref _stopUpgraded)?.Invoke();
        if (Interlocked.CompareExchange(ref _state, Closing, Idle) == Idle)
        {
            _input.CancelPendingRead();
        }
    }

    internal void CheckDeadline(long now)
    {
        var blockingSince = Volatile.Read(ref _blockingSince);
        if (blockingSince != 0 && now - blockingSince >= BlockingWarningMilliseconds && blockingSince != _warnedFor)
        {
            _warnedFor = blockingSince;
            App.Logger.LogWarning(
                "{Method} {Path} has held its thread for over a second without awaiting: the other connections of that "
                + "event thread wait for it. Await I/O (and Task.Run long computations) instead of blocking.",
                _request.Method, _request.Path);
        }
        if (Body.CheckDeadline(now))
        {
            App.Logger.LogInformation("The request body of {Method} {Path} from {RemoteEndPoint} came slower than {Rate} bytes/s: its read failed with 408, and the connection closes",
                _request.Method, _request.Path, RemoteEndPoint, _limits.MinRequestBodyDataRate?.BytesPerSecond);
        }
        if (Sending is { } sending && _limits.MinResponseDataRate is { } rate && sending.IsStalled(now, rate, out var bytes, out var waited))
        {
            // The client has stopped taking its answers: closing the socket ends the write it blocks, and the connection.
            App.Logger.LogInformation("{RemoteEndPoint} took its answers slower than {Rate} bytes/s (a write of {Bytes} bytes waited {Waited} ms): connection closed",
                RemoteEndPoint, rate.BytesPerSecond, bytes, waited);
            ServerTelemetry.ResponseTimedOut();
            sending.Dispose();
        }
        var state = Volatile.Read(ref _state);
        if ((state == Idle || state == ReadingHead) && now > Volatile.Read(ref _deadline)
            && Interlocked.CompareExchange(ref _state, TimedOut, state) == state)
        {
            _input.CancelPendingRead();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeOneAsync()
    {
        try
        {
            HttpParser.Parse(_head, _limits);
        }
        catch (HttpError error)
        {
            await WriteErrorAsync(error).ConfigureAwait(false);
            return false;
        }
        _request.Reset(this, _head);
        _response.Reset(_request);
        Body.Reset(_head, _limits);
        App.Lookup(_head.Path, _request.Route);
        if (RequestTelemetry.IsObserved)
        {
            RequestTelemetry.Begin(_request, NetworkVersion);
        }

        // The handler runs on the thread that read the request until it first awaits: the heartbeat watches that part.
        Volatile.Write(ref _blockingSince, Heartbeat.Now);
        var handling = App.HandleAsync(_request, _response);
        Volatile.Write(ref _blockingSince, 0);
        await handling.ConfigureAwait(false);
        if (Volatile.Read(ref _stopUpgraded) is not null)
        {
            // The connection was handed over (to a websocket), which is done with it now: no HTTP answer, no next request.
            EndTelemetry();
            return false;
        }
        if (_response.Status is < (HttpStatusCode)200 or > (HttpStatusCode)599)
        {
            // A 1xx is interim (RFC 9110 §15.2): sent as the answer, it would leave the client waiting for the real one.
            await App.HandleErrorAsync(_request, _response, new InvalidOperationException(
                $"{(int)_response.Status} is not a final status: a response's status is 200 to 599.")).ConfigureAwait(false);
        }
        if (_response.Body.IsStreamed && !Body.IsComplete)
        {
            // A streamed answer may read the body as it goes: the interim 100 must precede the final head.
            await Body.SendContinueIfPendingAsync().ConfigureAwait(false);
        }
        var reuse = await ResponseWriter.WriteAsync(this, _request, _response, _head, upgrading: false).ConfigureAwait(false);
        await EndWatchAsync().ConfigureAwait(false);
        _request.DisposeRequestResources();
        if (reuse == ConnectionReuse.KeepAlive && !Body.IsComplete && (!CanDrain() || !await Body.DrainAsync(_limits.MaxDrainSize).ConfigureAwait(false)))
        {
            reuse = ConnectionReuse.BodyNotDrained;
        }
        Body.Release();
        EndTelemetry();
        if (reuse != ConnectionReuse.KeepAlive)
        {
            LogClosing(reuse);
            return false;
        }
        await FlushUnlessPipelinedAsync().ConfigureAwait(false);
        return true;
    }

    private bool CanDrain()
    {
        var remaining = Body.KnownRemaining;
        return !Body.Faulted && remaining >= 0 && remaining <= _limits.MaxDrainSize && !(_head.ExpectContinue && !Body.Started);
    }

    /// <summary>Waits for a whole request head and copies it into the reusable head buffer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadHeadAsync()
    {
        Volatile.Write(ref _deadline, Heartbeat.Now + (long)_limits.KeepAliveTimeout.TotalMilliseconds);
        if (Interlocked.CompareExchange(ref _state, Idle, Busy) != Busy && Volatile.Read(ref _state) != Idle)
        {
            return false;
        }
        if (_stopRequested)
        {
            return false;
        }
        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var state = Volatile.Read(ref _state);
            if (state == TimedOut)
            {
                var started = HttpParser.HasStartedHead(buffer);
                _input.AdvanceTo(buffer.End);
                if (started)
                {
                    throw new HttpError(HttpStatusCode.RequestTimeout);
                }
                return false;
            }
            // The empty lines a client may send after a request (RFC 9112 §2.2) start no request: the
            // connection stays idle, under the keep-alive timeout, until a request line begins.
            if (state == Idle && HttpParser.HasStartedHead(buffer))
            {
                Volatile.Write(ref _deadline, Heartbeat.Now + (long)_limits.RequestHeadersTimeout.TotalMilliseconds);
                Interlocked.CompareExchange(ref _state, ReadingHead, Idle);
            }
            if (TryTakeHead(buffer, out var consumed))
            {
                _input.AdvanceTo(consumed);
                // A stop that raced with this request's arrival still lets it be answered (with Connection: close).
                Interlocked.Exchange(ref _state, Busy);
                return true;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var cutShort = result.IsCompleted && HttpParser.HasStartedHead(buffer);
                _input.AdvanceTo(buffer.End);
                if (cutShort)
                {
                    // The client ended its half of the connection inside a request: say so (it may still read).
                    throw new HttpError(HttpStatusCode.BadRequest, "The request head ended early");
                }
                return false;
            }
            CheckHeadSize(buffer);
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryTakeHead(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        consumed = buffer.Start;
        var max = _limits.MaxRequestTargetSize + _limits.MaxRequestHeadersTotalSize + 1024;
        int start, length;
        if (buffer.IsSingleSegment)
        {
            var span = buffer.FirstSpan;
            var searched = span.Length > max ? span[..max] : span;
            length = HttpParser.FindHeadEnd(searched, out start);
            if (length < 0)
            {
                HttpParser.ParseIncomplete(_head, searched, _limits);
                return false;
            }
            _head.EnsureCapacity(length);
            span.Slice(start, length).CopyTo(_head.Buffer);
        }
        else
        {
            // Found in place, then only the head is copied: pipelined requests behind it are not copied for each one.
            var searched = buffer.Length > max ? buffer.Slice(0, max) : buffer;
            var found = HttpParser.FindHeadEnd(searched, out var skipped);
            if (found < 0)
            {
                var take = (int)searched.Length;
                _head.EnsureCapacity(take);
                searched.CopyTo(_head.Buffer);
                HttpParser.ParseIncomplete(_head, _head.Buffer.AsSpan(0, take), _limits);
                return false;
            }
            start = (int)skipped;
            length = (int)found;
            _head.EnsureCapacity(length);
            searched.Slice(start, length).CopyTo(_head.Buffer);
        }
        _head.Reset(length);
        consumed = buffer.GetPosition(start + length);
        return true;
    }

    private void CheckHeadSize(ReadOnlySequence<byte> buffer)
    {
        var lineLimit = _limits.MaxRequestTargetSize + 1024;
        if (buffer.Length <= lineLimit)
        {
            return;
        }
        var firstLine = buffer.PositionOf((byte)'\n');
        if (firstLine is null || buffer.Slice(0, firstLine.Value).Length > lineLimit)
        {
            throw new HttpError(HttpStatusCode.RequestUriTooLong);
        }
        if (buffer.Length > lineLimit + _limits.MaxRequestHeadersTotalSize)
        {
            throw new HttpError(HttpStatusCode.RequestHeaderFieldsTooLarge);
        }
    }

    /// <summary>Flushes the responses written so far, unless the next request is already complete in the buffer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushUnlessPipelinedAsync()
    {
        if (_output.UnflushedBytes < 64 * 1024 && _input.TryRead(out var result))
        {
            var buffer = result.Buffer;
            var ready = !buffer.IsEmpty && HttpParser.FindHeadEnd(buffer, out _) >= 0;
            _input.AdvanceTo(buffer.Start);
            if (ready)
            {
                return;
            }
        }
        await _output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Completes both pipes; completing the writer flushes what is left, which fails quietly when the peer or socket is gone already.</summary>
    private async ValueTask CompleteTransportAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            App.Logger.LogDebug(error, "Connection from {RemoteEndPoint} closed before its last bytes were sent", RemoteEndPoint);
        }
    }

    private async ValueTask SendContinueAsync()
    {
        // RFC 9110 §10.1.1: the 100 tells the client to send the body it holds back; one already here needs none.
        if (_head.ContentLength > 0 && _input.TryRead(out var result))
        {
            var arrived = result.Buffer.Length >= _head.ContentLength;
            _input.AdvanceTo(result.Buffer.Start);
            if (arrived)
            {
                return;
            }
        }
        _output.Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
        await _output.FlushAsync().ConfigureAwait(false);
    }

    private async ValueTask WriteErrorAsync(HttpError error)
    {
        try
        {
            LogRefused(error);
            // The method is known when the request line was read; a head refused before it reads as a GET's.
            await ResponseWriter.WriteErrorAsync(_output, error, answersHead: _head.Method == "HEAD").ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is IOException or ObjectDisposedException or InvalidOperationException)
        {
            App.Logger.LogDebug(failure, "Could not send {Status} to {RemoteEndPoint}", (int)error.Status, RemoteEndPoint);
        }
    }
}

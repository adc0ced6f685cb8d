using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Roll.Server;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Roll.Kestrel;

/// <summary>One connection of Roll's own engine over a pair of in-memory pipes, serving the requests Kestrel hands it one at a time.</summary>
/// <remarks>
/// The bridge writes each request as HTTP/1.1 bytes into one pipe and reads the response from the other, so
/// parsing, dispatch, framing and errors are Roll's own, as on a socket. While it keeps the connection alive the
/// same engine connection serves the next request, from the same Kestrel connection (its request and response
/// objects are reused, as on Roll's engine).
/// </remarks>
internal sealed class BridgedConnection : IAsyncDisposable
{
    private readonly RollApp _app;
    // Each side's reads go on inline, on the thread that flushed: a request and its answer cross the bridge without
    // a hop through the thread pool each way, which measured as most of the bridge's cost.
    private static readonly PipeOptions s_pipeOptions = new(readerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);

    private readonly Pipe _requests = new(s_pipeOptions);
    private readonly Pipe _responses = new(s_pipeOptions);
    private readonly ResponseHead _head = new();
    private readonly HttpProtocol _protocol;
    private readonly Task _serving;
    private bool _broken;
    private BadHttpRequestException? _bodyRefused;
    private int _disposed;

    /// <summary>Starts Roll's engine on a new pair of pipes, for a client at <paramref name="peer"/> that came over <paramref name="scheme"/>.</summary>
    public BridgedConnection(RollApp app, EndPoint? peer, string scheme)
    {
        _app = app;
        _protocol = app.CreateProtocol(new DuplexPipe(_requests.Reader, _responses.Writer), peer);
        _protocol.Scheme = scheme;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Whether the engine connection can serve another request: it answered the last one whole and is still open.</summary>
    public bool IsReusable => !_broken && !_serving.IsCompleted;

    /// <summary>Whether the connection was handed to a websocket.</summary>
    public bool IsTunnelling { get; private set; }

    /// <summary>When the connection last finished a request, on <see cref="Environment.TickCount64"/>'s clock.</summary>
    public long IdleSince { get; private set; }

    /// <summary>Asks the engine connection to close gracefully (an open websocket closes with 1001).</summary>
    public void Stop() => _protocol.Stop();

    /// <summary>Serves one request of Kestrel's through Roll's engine, until its response is given whole to Kestrel.</summary>
    public async Task ServeAsync(IFeatureCollection features)
    {
        var request = features.Get<IHttpRequestFeature>()!;
        var response = features.Get<IHttpResponseFeature>()!;
        var aborted = features.Get<IHttpRequestLifetimeFeature>()?.RequestAborted ?? CancellationToken.None;
        var connect = features.Get<IHttpExtendedConnectFeature>();
        var webSocketOverHttp2 = connect is { IsExtendedConnect: true } && "websocket".Equals(connect.Protocol, StringComparison.OrdinalIgnoreCase);
        var upgrade = features.Get<IHttpUpgradeFeature>();
        var upgradable = upgrade is { IsUpgradableRequest: true };
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // Roll's engine applies its own limit (app.Limits.MaxRequestBodySize), which a lazy route reading in pieces is free of.
            bodySize.MaxRequestBodySize = null;
        }

        var http1 = request.Protocol is "HTTP/1.1" or "HTTP/1.0";
        // The engine reads every request as HTTP/1.x; its metrics and spans name the version the client spoke.
        _protocol.BridgedVersion = request.Protocol switch
        {
            "HTTP/2" => "2",
            "HTTP/3" => "3",
            _ => null,
        };
        Task? pump = null;
        CancellationTokenSource? pumpStop = null;
        bool answered;
        try
        {
            var framing = RequestForwarder.WriteHead(_requests.Writer, features, request, webSocketOverHttp2, upgradable);
            await _requests.Writer.FlushAsync(aborted).ConfigureAwait(false);
            if (framing != BodyFraming.None)
            {
                pumpStop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                var body = features.Get<IRequestBodyPipeFeature>()!.Reader;
                var token = pumpStop.Token;
                void StartPump() => pump ??= PumpAsync(body, framing, token);
                // With Expect: 100-continue the body is asked for only once Roll reads it, as on Roll's engine.
                if (!ExpectsContinue(request))
                {
                    StartPump();
                }
                answered = await ResponseForwarder.ReadHeadAsync(_responses.Reader, _head, StartPump, aborted).ConfigureAwait(false);
            }
            else
            {
                answered = await ResponseForwarder.ReadHeadAsync(_responses.Reader, _head, static () => { }, aborted).ConfigureAwait(false);
            }
            if (Volatile.Read(ref _bodyRefused) is { } refused)
            {
                // Kestrel refused the body: its framing is invalid (a malformed chunk, say) or it came too slowly. Roll's
                // engine met that as an HttpError wherever it was reading (the head, when the refusal came first), and
                // answered it or nothing: Kestrel's refusal is the answer, whichever it was.
                _broken = true;
                Refuse(response, refused.StatusCode, http1);
                return;
            }
            if (!answered)
            {
                throw new IOException("Roll's engine closed the connection without answering.");
            }

            if (_head.Status == 101 && (upgradable || webSocketOverHttp2))
            {
                IsTunnelling = true;
                _broken = true;
                ResponseForwarder.Apply(_head, response, webSocketOverHttp2, closeConnection: false);
                var stream = webSocketOverHttp2 ? await connect!.AcceptAsync().ConfigureAwait(false) : await upgrade!.UpgradeAsync().ConfigureAwait(false);
                await WebSocketTunnel.RunAsync(stream, _requests.Writer, _responses.Reader).ConfigureAwait(false);
                return;
            }

            // Roll closes after a refusal, as after any answer it ends with: Kestrel then closes the client's connection
            // too, rather than read on past a request Roll judged unsafe to frame. HTTP/2 ends the stream alone.
            ResponseForwarder.Apply(_head, response, webSocketOverHttp2: false, closeConnection: http1 && _head.ConnectionClose);
            var bodyless = request.Method == "HEAD" || _head.Status is < 200 or 204 or 304;
            var output = features.Get<IHttpResponseBodyFeature>()!.Writer;
            if (!await ResponseForwarder.CopyBodyAsync(_responses.Reader, _head, bodyless, output, aborted).ConfigureAwait(false))
            {
                // Roll ended the response early (a streamed body failed): the client must see it cut short, not complete.
                _broken = true;
                features.Get<IHttpRequestLifetimeFeature>()?.Abort();
                return;
            }
            if (pump is not null && !pump.IsCompleted)
            {
                // Roll either reads the rest of the body (it drains a small one to keep the connection), or closes.
                if (await Task.WhenAny(pump, _serving).ConfigureAwait(false) != pump)
                {
                    await pumpStop!.CancelAsync().ConfigureAwait(false);
                }
            }
            if (pump is not null)
            {
                await pump.ConfigureAwait(false);
            }
            IdleSince = Environment.TickCount64;
        }
        catch
        {
            _broken = true;
            throw;
        }
        finally
        {
            pumpStop?.Dispose();
        }
    }

    /// <summary>Closes the engine connection: gracefully when it is idle (the end of its input), with an error in the middle of a request.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (_broken)
        {
            var gone = new IOException("The client's connection ended.");
            await _requests.Writer.CompleteAsync(gone).ConfigureAwait(false);
            await _responses.Reader.CompleteAsync(gone).ConfigureAwait(false);
        }
        else
        {
            await _requests.Writer.CompleteAsync().ConfigureAwait(false);
        }
        await _serving.ConfigureAwait(false);
        await _responses.Reader.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Whether Roll's engine answers 100 Continue before it reads the body: HTTP/1.0 has no interim answers (RFC 9110 §10.1.1).</summary>
    private static bool ExpectsContinue(IHttpRequestFeature request)
        => request.Protocol != "HTTP/1.0" && request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);

    /// <summary>Answers a request whose body Kestrel refused as Kestrel does: its status, no body, and an HTTP/1.x connection closed.</summary>
    private static void Refuse(IHttpResponseFeature response, int status, bool http1)
    {
        response.StatusCode = status;
        response.Headers.ContentLength = 0;
        if (http1)
        {
            response.Headers.Connection = "close";
        }
    }

    /// <summary>Pumps the body; when it fails (the client went away), ends Roll's input with the error so Roll stops waiting for it.</summary>
    private async Task PumpAsync(PipeReader body, BodyFraming framing, CancellationToken cancellationToken)
    {
        try
        {
            await RequestForwarder.PumpBodyAsync(body, _requests.Writer, framing, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _serving.IsCompleted)
        {
            // Roll closed without reading the rest: nothing waits for it.
        }
        catch (Exception error)
        {
            // Either the client went away, or Kestrel refused the body (BadHttpRequestException, with its status):
            // that refusal is the answer. Roll only needs to stop waiting for the rest.
            _broken = true;
            _app.Logger.LogDebug(error, "The body from {RemoteEndPoint} ended early", _protocol.RemoteEndPoint);
            if (error is BadHttpRequestException refused)
            {
                Volatile.Write(ref _bodyRefused, refused);
                // The app's code that reads the body meets the refusal as on Roll's engine: an HttpError with its status.
                error = new HttpError(refused.StatusCode, refused.Message, refused);
            }
            await _requests.Writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync()
    {
        try
        {
            await _protocol.RunAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _app.Logger.LogError(error, "Connection from {RemoteEndPoint} failed", _protocol.RemoteEndPoint);
        }
    }
}

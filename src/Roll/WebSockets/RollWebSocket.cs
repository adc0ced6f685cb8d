using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Roll.WebSockets;

/// <summary>An open websocket, as a websocket route's handler receives it: whole messages in and out, close, ping, and iteration until the peer closes.</summary>
/// <remarks>
/// Framing, masking, pongs, keep-alive and compression are System.Net.WebSockets'; this adds whole messages,
/// Roll's limits and a queue of received messages (see <see cref="WebSocketOptions.MaxQueue"/>). Sends may come
/// from any task (a broadcast): they are serialised.
/// </remarks>
public sealed partial class RollWebSocket
{
    private readonly WebSocket _socket;
    private readonly UpgradedStream? _stream;
    private readonly WebSocketOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _shuttingDown;

    internal RollWebSocket(WebSocket socket, UpgradedStream? stream, Request request, WebSocketOptions options)
    {
        _socket = socket;
        _stream = stream;
        Request = request;
        _options = options;
        _received = CreateQueue(options);
    }

    /// <summary>The upgrade request this socket was opened with.</summary>
    public Request Request { get; }

    /// <summary>The subprotocol agreed in the handshake, or null.</summary>
    public string? SubProtocol => _socket.SubProtocol;

    /// <summary>Whether the socket is open, closing or closed.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>The close code the peer (or this side) sent, once closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The close reason that came with the close code.</summary>
    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <summary>The underlying System.Net.WebSockets socket, for what this type does not offer (sending a message in parts, say); never receive on it: Roll does.</summary>
    public WebSocket Socket => _socket;

    /// <summary>Receives the next whole message, however many frames it came in; throws <see cref="WebSocketClosedException"/> once the peer has closed or gone.</summary>
    /// <remarks>Cancelling gives up waiting and leaves the socket open (unlike a cancelled System.Net.WebSockets receive).</remarks>
    public async Task<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (await _received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_received.Reader.TryRead(out var message))
            {
                return message;
            }
        }
        if (_endOfMessages is WebSocketClosedException closed)
        {
            throw new WebSocketClosedException(closed.Status, closed.Message, closed.InnerException);
        }
        throw new InvalidOperationException("Reading the websocket failed.", _endOfMessages);
    }

    /// <summary>Sends a text message.</summary>
    public Task SendAsync(string text, CancellationToken cancellationToken = default)
        => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken);

    /// <summary>Sends a binary message.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
        => SendAsync(bytes, WebSocketMessageType.Binary, cancellationToken);

    /// <summary>Sends a message as it was received: text as text, bytes as bytes.</summary>
    public Task SendAsync(WebSocketMessage message, CancellationToken cancellationToken = default)
        => SendAsync(message.Data, message.Type, cancellationToken);

    /// <summary>Closes the socket with a code and a reason (at most 123 bytes of UTF-8), waiting for the peer's answer up to the close timeout; does nothing once closing.</summary>
    public async Task CloseAsync(WebSocketCloseStatus code = WebSocketCloseStatus.NormalClosure, string? reason = null)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            await _socket.CloseAsync(code, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or IOException
            or ObjectDisposedException or InvalidOperationException)
        {
            // No answer in time, a peer gone, or a close already under way elsewhere: the connection is dropped.
            _socket.Abort();
        }
    }

    /// <summary>Sends a ping (with at most 125 bytes of payload); the peer answers with a pong, which is taken in and dropped.</summary>
    /// <remarks>
    /// System.Net.WebSockets offers no ping of its own, so the frame (RFC 6455 §5.5.2: FIN and opcode 9, unmasked
    /// from a server, then the payload length) is written between its frames. To find out whether the peer is still
    /// there, rely on <see cref="WebSocketOptions.KeepAliveTimeout"/>, which drops a peer that does not answer.
    /// </remarks>
    public async Task PingAsync(ReadOnlyMemory<byte> payload = default, CancellationToken cancellationToken = default)
    {
        if (payload.Length > 125)
        {
            throw new ArgumentException("A ping carries at most 125 bytes (RFC 6455 §5.5).", nameof(payload));
        }
        if (_stream is null)
        {
            throw new NotSupportedException("This websocket was not opened by Roll's server.");
        }
        if (_socket.State != WebSocketState.Open)
        {
            throw new WebSocketClosedException(_socket.CloseStatus, "The websocket is closing.");
        }
        var frame = new byte[2 + payload.Length];
        frame[0] = 0x89;
        frame[1] = (byte)payload.Length;
        payload.Span.CopyTo(frame.AsSpan(2));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SendTimeout);
        try
        {
            await _stream.WriteAsync(frame, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(error);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            throw new WebSocketClosedException(_socket.CloseStatus, error.Message, error);
        }
    }

    /// <summary>Receives messages until the peer closes the socket (or goes away).</summary>
    public async IAsyncEnumerable<WebSocketMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            WebSocketMessage message;
            try
            {
                message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketClosedException)
            {
                yield break;
            }
            yield return message;
        }
    }

    /// <summary>Iterates messages until the peer closes: <c>await foreach (var message in websocket)</c>.</summary>
    public IAsyncEnumerator<WebSocketMessage> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>What a server that stops does to an open websocket: close with 1001 (Going Away), without waiting for it.</summary>
    internal void CloseForShutdown()
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) == 0)
        {
            _ = CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server stopping");
        }
    }

    /// <remarks>
    /// A client that stops reading fills the connection's buffers, and a send then waits for it: without a bound, one
    /// such client holds its handler (and, in a broadcast, every sender queued behind it) for ever. Past
    /// <see cref="WebSocketOptions.SendTimeout"/> the client is dropped: no close frame can reach a peer that does
    /// not read, so the connection is aborted and the send throws <see cref="WebSocketClosedException"/>.
    /// </remarks>
    private async Task SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SendTimeout);
        // System.Net.WebSockets allows one send at a time; handlers broadcasting from several tasks need not care.
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(error);
        }
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, timeout.Token).ConfigureAwait(false);
            Diagnostics.ServerTelemetry.MessageSent(type);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(error);
        }
        catch (Exception error) when (error is WebSocketException or IOException or ObjectDisposedException)
        {
            throw new WebSocketClosedException(_socket.CloseStatus, error.Message, error);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private WebSocketClosedException TimedOut(Exception error)
    {
        _socket.Abort();
        _stream?.Dispose();
        return new WebSocketClosedException(_socket.CloseStatus, $"The client read nothing for {_options.SendTimeout.TotalSeconds:0.###} s: dropped.", error);
    }
}

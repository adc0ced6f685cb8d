using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Roll.WebSockets;

/// <summary>An open websocket, as a websocket route's handler receives it: whole messages in and out, close, and iteration until the peer closes.</summary>
/// <remarks>Framing, masking, ping/pong and compression are System.Net.WebSockets'; this adds whole messages and Roll's limits.</remarks>
public sealed class RollWebSocket
{
    private readonly WebSocket _socket;
    private readonly WebSocketOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    internal RollWebSocket(WebSocket socket, Request request, WebSocketOptions options)
    {
        _socket = socket;
        Request = request;
        _options = options;
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

    /// <summary>The underlying System.Net.WebSockets socket, for what this type does not offer.</summary>
    public WebSocket Socket => _socket;

    /// <summary>Receives one whole message; throws <see cref="WebSocketClosedException"/> once the peer has closed.</summary>
    public async Task<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        byte[]? message = null;
        var length = 0;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException error)
                {
                    throw new WebSocketClosedException(null, error.Message, error);
                }
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseOutputIfOpenAsync().ConfigureAwait(false);
                    throw new WebSocketClosedException(_socket.CloseStatus, _socket.CloseStatusDescription);
                }
                if (length + result.Count > _options.MaxMessageSize)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big").ConfigureAwait(false);
                    throw new WebSocketClosedException(WebSocketCloseStatus.MessageTooBig, "Message too big");
                }
                if (result.EndOfMessage && message is null)
                {
                    return new WebSocketMessage(result.MessageType, buffer.AsSpan(0, result.Count).ToArray());
                }
                message ??= new byte[Math.Min(_options.MaxMessageSize, buffer.Length * 4)];
                if (length + result.Count > message.Length)
                {
                    Array.Resize(ref message, Math.Min(_options.MaxMessageSize, Math.Max(message.Length * 2, length + result.Count)));
                }
                buffer.AsSpan(0, result.Count).CopyTo(message.AsSpan(length));
                length += result.Count;
                if (result.EndOfMessage)
                {
                    return new WebSocketMessage(result.MessageType, message.AsMemory(0, length));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

    /// <summary>Closes the socket with a code and a reason, waiting for the peer's answer up to the close timeout.</summary>
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
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or IOException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Receives messages until the peer closes the socket.</summary>
    public async IAsyncEnumerable<WebSocketMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (_socket.State is WebSocketState.Open)
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

    private async Task SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        // System.Net.WebSockets allows one send at a time; handlers broadcasting from several tasks need not care.
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException error)
        {
            throw new WebSocketClosedException(_socket.CloseStatus, error.Message, error);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task CloseOutputIfOpenAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            try
            {
                await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or WebSocketException or IOException)
            {
                _socket.Abort();
            }
        }
    }
}

/// <summary>Thrown by a receive or send on a websocket that is closed, with the close code when one was given.</summary>
public sealed class WebSocketClosedException(WebSocketCloseStatus? status, string? reason, Exception? inner = null)
    : Exception(reason ?? "The websocket is closed.", inner)
{
    /// <summary>The close code, when the close handshake gave one.</summary>
    public WebSocketCloseStatus? Status { get; } = status;
}

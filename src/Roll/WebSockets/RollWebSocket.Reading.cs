using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Roll.WebSockets;

/// <summary>The reading side of a websocket: a receive always pending, whole messages queued for the handler.</summary>
/// <remarks>
/// System.Net.WebSockets handles control frames (pongs for the keep-alive, the peer's close) only while a receive
/// is pending, so one is kept pending from the 101 on, whatever the handler does. Whole messages wait in a queue
/// of <see cref="WebSocketOptions.MaxQueue"/>; when it is full, reading stops until the handler takes one, which
/// holds the peer back (TCP backpressure) instead of buffering without end.
/// <para>
/// The peer's close is answered once the handler is done (<see cref="HandlerDone"/>), not as soon as it arrives: the
/// answer carries the handler's outcome (the peer's code when it returns, 1011 when it fails), which would otherwise
/// race with it. A handler that does not finish within <see cref="WebSocketOptions.CloseTimeout"/> of the close gets
/// the peer's code answered for it.
/// </para>
/// </remarks>
public sealed partial class RollWebSocket
{
    private readonly Channel<WebSocketMessage> _received;
    private readonly TaskCompletionSource _handlerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _endOfMessages;

    /// <summary>Says that the handler is done and its close sent, so that a close from the peer needs no answer from the reading side.</summary>
    internal void HandlerDone() => _handlerDone.TrySetResult();

    private static Channel<WebSocketMessage> CreateQueue(WebSocketOptions options)
        => Channel.CreateBounded<WebSocketMessage>(new BoundedChannelOptions(Math.Max(1, options.MaxQueue))
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>Starts reading messages into the queue, from the 101 until the socket closes or fails.</summary>
    internal void StartReading() => _ = ReadLoopAsync();

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var message = await ReadMessageAsync().ConfigureAwait(false);
                Diagnostics.ServerTelemetry.MessageReceived(message.Type);
                await _received.Writer.WriteAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            // A close or a dropped peer (WebSocketClosedException) ends the messages; anything else is a bug the
            // handler's next receive rethrows, so that it is reported like any error instead of hanging the handler.
            _endOfMessages = error;
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    /// <summary>Reads one whole message from the socket; throws <see cref="WebSocketClosedException"/> when the socket closes or fails.</summary>
    private async Task<WebSocketMessage> ReadMessageAsync()
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
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception error) when (error is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // The peer went away, or the socket was aborted (a keep-alive timeout, a close that timed out).
                    throw new WebSocketClosedException(_socket.CloseStatus, error.Message, error);
                }
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The handler's receive ends first; the answer waits for what the handler makes of it.
                    var closed = new WebSocketClosedException(_socket.CloseStatus, _socket.CloseStatusDescription);
                    _endOfMessages = closed;
                    _received.Writer.TryComplete();
                    await Task.WhenAny(_handlerDone.Task, Task.Delay(_options.CloseTimeout)).ConfigureAwait(false);
                    await AnswerCloseAsync().ConfigureAwait(false);
                    throw closed;
                }
                if (length + result.Count > _options.MaxMessageSize)
                {
                    var reason = $"Message larger than {_options.MaxMessageSize} bytes";
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, reason).ConfigureAwait(false);
                    throw new WebSocketClosedException(WebSocketCloseStatus.MessageTooBig, reason);
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

    /// <summary>Answers the peer's close with the same code (RFC 6455 §5.5.1), unless this side closed first.</summary>
    private async Task AnswerCloseAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            try
            {
                await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or WebSocketException or IOException
                or ObjectDisposedException or InvalidOperationException)
            {
                _socket.Abort();
            }
        }
    }
}

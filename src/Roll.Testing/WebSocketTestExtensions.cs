using System.Net.WebSockets;
using System.Text;
using Roll.WebSockets;

namespace Roll.Testing;

/// <summary>Whole messages on the client side of a websocket, as tests want them: send text or bytes, receive one message whatever its frames.</summary>
/// <remarks>Without a cancellation token, a receive gives up after 30 seconds (and, as System.Net.WebSockets does, aborts the socket) so that a test never hangs.</remarks>
public static class WebSocketTestExtensions
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends a text message in one frame.</summary>
    public static Task SendTextAsync(this WebSocket socket, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>Sends a binary message in one frame.</summary>
    public static Task SendBytesAsync(this WebSocket socket, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
    }

    /// <summary>Receives one whole message; a close from the server comes as a message of type Close, with no data, and is answered as browsers do.</summary>
    public static async Task<WebSocketMessage> ReceiveMessageAsync(this WebSocket socket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var timeout = cancellationToken.CanBeCanceled ? null : new CancellationTokenSource(s_timeout);
        var token = timeout?.Token ?? cancellationToken;
        var data = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    // RFC 6455 §5.5.1: the close is answered with the same code, which lets the server end cleanly.
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, token).ConfigureAwait(false);
                }
                return new WebSocketMessage(WebSocketMessageType.Close, ReadOnlyMemory<byte>.Empty);
            }
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new WebSocketMessage(result.MessageType, data.ToArray());
            }
        }
    }

    /// <summary>Receives one whole message and returns its text; throws when it is not a text message.</summary>
    public static async Task<string> ReceiveTextAsync(this WebSocket socket, CancellationToken cancellationToken = default)
    {
        var message = await socket.ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
        if (message.Type != WebSocketMessageType.Text)
        {
            throw new InvalidDataException($"Expected a text message, received {message.Type} (close status {socket.CloseStatus}).");
        }
        return message.Text;
    }
}

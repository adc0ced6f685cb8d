using System.Net.WebSockets;
using Roll.WebSockets;

namespace Roll;

public sealed partial class WebSocketsStore
{
    /// <summary>The backplane that carries broadcasts to the app's other processes, or null when they stay in this one.</summary>
    public IWebSocketsBackplane? Backplane { get; internal set; }

    /// <summary>Sends a binary message to every open websocket but <paramref name="except"/>, all at once; a socket that closes meanwhile is skipped.</summary>
    public Task BroadcastAsync(ReadOnlyMemory<byte> bytes, RollWebSocket? except = null)
        => BroadcastAsync(new WebSocketMessage(WebSocketMessageType.Binary, bytes), except);

    /// <summary>Sends a message, text or binary as it says, to every open websocket but <paramref name="except"/>, and through the backplane to those of the other processes.</summary>
    /// <remarks>The backplane's part never waits: the task completes when this process's sockets have the message.</remarks>
    public Task BroadcastAsync(WebSocketMessage message, RollWebSocket? except = null)
    {
        // Published first: by the time a local client has the message, the backplane has counted it.
        Backplane?.Publish(message);
        return SendToAllAsync(message, except);
    }

    /// <summary>Sends a message to this process's open websockets only: what a backplane does with a message another process broadcast.</summary>
    public Task BroadcastLocallyAsync(WebSocketMessage message) => SendToAllAsync(message, except: null);

    private Task SendToAllAsync(WebSocketMessage message, RollWebSocket? except)
    {
        var sends = new List<Task>(_sockets.Count);
        foreach (var socket in this)
        {
            if (socket != except)
            {
                sends.Add(SendOrSkipAsync(socket, message));
            }
        }
        return Task.WhenAll(sends);
    }
}

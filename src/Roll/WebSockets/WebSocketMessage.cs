using System.Net.WebSockets;
using System.Text;

namespace Roll.WebSockets;

/// <summary>One whole websocket message, however many frames it came in.</summary>
public readonly struct WebSocketMessage
{
    /// <summary>Creates a message of a type with its payload.</summary>
    public WebSocketMessage(WebSocketMessageType type, ReadOnlyMemory<byte> data)
    {
        Type = type;
        Data = data;
    }

    /// <summary>Text or Binary.</summary>
    public WebSocketMessageType Type { get; }

    /// <summary>The payload as bytes (UTF-8 for a text message).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Whether the message is text.</summary>
    public bool IsText => Type == WebSocketMessageType.Text;

    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Data.Span);

    /// <summary>The payload decoded as UTF-8.</summary>
    public override string ToString() => Text;
}

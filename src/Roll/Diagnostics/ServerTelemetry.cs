using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Roll.Diagnostics;

/// <summary>The engine's connection, refusal and websocket instruments; each call is one field read when nobody listens.</summary>
internal static class ServerTelemetry
{
    /// <summary>Counts a request the engine refused (a head or body it would not take), by reason.</summary>
    public static void RequestRefused(HttpStatusCode status)
    {
        if (RollTelemetry.Errors.Enabled)
        {
            RollTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("error.type", Reason(status)));
        }
    }

    /// <summary>Counts a client dropped for taking its answers slower than the minimum data rate.</summary>
    public static void ResponseTimedOut()
    {
        if (RollTelemetry.Errors.Enabled)
        {
            RollTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("error.type", "response_timeout"));
        }
    }

    /// <summary>The reason a refusal is counted under: <c>timeout</c>, <c>too_large</c> or <c>bad_request</c>.</summary>
    public static string Reason(HttpStatusCode status) => status switch
    {
        HttpStatusCode.RequestTimeout => "timeout",
        HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.RequestUriTooLong or HttpStatusCode.RequestHeaderFieldsTooLarge => "too_large",
        _ => "bad_request",
    };

    /// <summary>Counts a connection opened; returns what <see cref="ConnectionClosed"/> needs, empty when nobody listens.</summary>
    public static ConnectionStamp ConnectionOpened(AddressFamily family)
    {
        var counted = RollTelemetry.Connections.Enabled;
        if (counted)
        {
            RollTelemetry.Connections.Add(1, ConnectionTags(family));
        }
        return counted || RollTelemetry.ConnectionLife.Enabled ? new ConnectionStamp(Stopwatch.GetTimestamp(), counted) : default;
    }

    /// <summary>Counts a connection closed, and records how long it lived.</summary>
    public static void ConnectionClosed(AddressFamily family, ConnectionStamp stamp)
    {
        if (stamp.Opened == 0)
        {
            return;
        }
        var tags = ConnectionTags(family);
        if (stamp.Counted)
        {
            RollTelemetry.Connections.Add(-1, tags);
        }
        RollTelemetry.ConnectionLife.Record(Stopwatch.GetElapsedTime(stamp.Opened).TotalSeconds, tags);
    }

    /// <summary>Counts a connection closed unserved because the server was stopping when it came.</summary>
    public static void ConnectionRejected(AddressFamily family)
    {
        if (RollTelemetry.Rejected.Enabled)
        {
            RollTelemetry.Rejected.Add(1, ConnectionTags(family));
        }
    }

    /// <summary>The attributes of a connection: <c>network.transport</c> (tcp, unix) and, over TCP, <c>network.type</c> (ipv4, ipv6).</summary>
    public static TagList ConnectionTags(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => new TagList { { "network.transport", "tcp" }, { "network.type", "ipv4" } },
        AddressFamily.InterNetworkV6 => new TagList { { "network.transport", "tcp" }, { "network.type", "ipv6" } },
        AddressFamily.Unix => new TagList { { "network.transport", "unix" } },
        _ => default,
    };

    /// <summary>Counts a websocket opened; true when counted, to be given back to <see cref="WebSocketClosed"/>.</summary>
    public static bool WebSocketOpened()
    {
        if (!RollTelemetry.WebSockets.Enabled)
        {
            return false;
        }
        RollTelemetry.WebSockets.Add(1);
        return true;
    }

    /// <summary>Counts a websocket closed, if its opening was counted.</summary>
    public static void WebSocketClosed(bool counted)
    {
        if (counted)
        {
            RollTelemetry.WebSockets.Add(-1);
        }
    }

    /// <summary>Counts a whole message received.</summary>
    public static void MessageReceived(WebSocketMessageType type)
    {
        if (RollTelemetry.MessagesReceived.Enabled)
        {
            RollTelemetry.MessagesReceived.Add(1, MessageTag(type));
        }
    }

    /// <summary>Counts a whole message sent.</summary>
    public static void MessageSent(WebSocketMessageType type)
    {
        if (RollTelemetry.MessagesSent.Enabled)
        {
            RollTelemetry.MessagesSent.Add(1, MessageTag(type));
        }
    }

    private static KeyValuePair<string, object?> MessageTag(WebSocketMessageType type)
        => new("roll.websocket.message.type", type == WebSocketMessageType.Text ? "text" : "binary");
}

/// <summary>When a connection opened (0 when nobody listened) and whether it was counted in <c>roll.server.active_connections</c>.</summary>
internal readonly record struct ConnectionStamp(long Opened, bool Counted);

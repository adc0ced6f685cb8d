using System.Collections.Concurrent;
using System.Text;

namespace Roll.Server;

/// <summary>One timer for the whole process: refreshes the cached Date header and enforces connections' deadlines once a second.</summary>
/// <remarks>A timer per request would cost on every request; a scan a second costs nothing on the hot path, at the price of one second of precision.</remarks>
internal static class Heartbeat
{
    private static readonly ConcurrentDictionary<HttpProtocol, byte> s_connections = new();
    private static readonly Timer s_timer;
    private static byte[] s_dateLine = FormatDateLine(DateTimeOffset.UtcNow);

    static Heartbeat()
    {
        s_timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The bytes of <c>Date: ...\r\n</c> for the current second (RFC 9110 §6.6.1).</summary>
    public static ReadOnlySpan<byte> DateLine => s_dateLine;

    /// <summary>Milliseconds of a monotonic clock, for deadlines.</summary>
    public static long Now => Environment.TickCount64;

    public static void Register(HttpProtocol connection) => s_connections.TryAdd(connection, 0);

    public static void Unregister(HttpProtocol connection) => s_connections.TryRemove(connection, out _);

    private static void Tick()
    {
        s_dateLine = FormatDateLine(DateTimeOffset.UtcNow);
        var now = Now;
        foreach (var connection in s_connections.Keys)
        {
            connection.CheckDeadline(now);
        }
    }

    private static byte[] FormatDateLine(DateTimeOffset now) => Encoding.ASCII.GetBytes($"Date: {now:R}\r\n");
}

using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Roll.Kestrel;

/// <summary>The idle engine connections of one Kestrel connection, kept in its items so that its next requests reuse them.</summary>
/// <remarks>
/// An HTTP/1.1 connection carries one request at a time, so it keeps one engine connection for its whole life, as
/// Roll's own engine would. An HTTP/2 or /3 connection carries concurrent streams: each takes an idle engine
/// connection or starts one, and gives it back when its response is done; a few are kept for the next streams.
/// </remarks>
internal sealed class ConnectionBridges
{
    private const int MaxIdle = 8;
    private static readonly object s_key = new();

    private readonly RollBridge _owner;
    private readonly Stack<BridgedConnection> _idle = new();
    private readonly long _maxIdleMilliseconds;
    private bool _closed;

    private ConnectionBridges(RollBridge owner)
    {
        _owner = owner;
        // Well before the engine's keep-alive timeout closes an idle connection, so that a request never races with it.
        _maxIdleMilliseconds = (long)(owner.App.Limits.KeepAliveTimeout.TotalMilliseconds / 2);
    }

    /// <summary>The idle engine connections of the request's Kestrel connection; null when Kestrel keeps no items for it.</summary>
    public static ConnectionBridges? Of(IFeatureCollection features, RollBridge owner)
    {
        var items = features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null)
        {
            return null;
        }
        if (items.TryGetValue(s_key, out var found) && found is ConnectionBridges bridges)
        {
            return bridges;
        }
        bridges = new ConnectionBridges(owner);
        items[s_key] = bridges;
        features.Get<IConnectionLifetimeFeature>()?.ConnectionClosed.Register(static state => ((ConnectionBridges)state!).Close(), bridges);
        return bridges;
    }

    /// <summary>An idle engine connection that can serve a request; null when there is none.</summary>
    public BridgedConnection? TryTake()
    {
        var now = Environment.TickCount64;
        lock (_idle)
        {
            while (_idle.TryPop(out var connection))
            {
                if (connection.IsReusable && now - connection.IdleSince < _maxIdleMilliseconds)
                {
                    return connection;
                }
                _owner.Retire(connection);
            }
        }
        return null;
    }

    /// <summary>Keeps an engine connection for the next request, or retires it.</summary>
    public void Return(BridgedConnection connection)
    {
        lock (_idle)
        {
            if (!_closed && connection.IsReusable && _idle.Count < MaxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }
        _owner.Retire(connection);
    }

    private void Close()
    {
        lock (_idle)
        {
            _closed = true;
            while (_idle.TryPop(out var connection))
            {
                _owner.Retire(connection);
            }
        }
    }
}

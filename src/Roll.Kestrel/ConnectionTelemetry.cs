using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Roll.Diagnostics;

namespace Roll.Kestrel;

/// <summary>Roll's connection instruments on Kestrel's connections: <c>roll.server.active_connections</c> and <c>roll.server.connection.duration</c>, as on Roll's engine.</summary>
/// <remarks>
/// A connection middleware sees Kestrel's TCP and unix socket connections (HTTP/1.1 and HTTP/2), not QUIC ones
/// (HTTP/3), nor those Kestrel turns away at its connection cap: Kestrel's own meter counts those
/// (<c>kestrel.rejected_connections</c> on <c>Microsoft.AspNetCore.Server.Kestrel</c>).
/// </remarks>
internal static class ConnectionTelemetry
{
    /// <summary>Measures each connection of an endpoint, from the moment Kestrel hands it over until it closes.</summary>
    public static void Measure(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var family = connection.LocalEndPoint switch
        {
            IPEndPoint ip => ip.AddressFamily,
            UnixDomainSocketEndPoint => AddressFamily.Unix,
            _ => AddressFamily.Unspecified,
        };
        var stamp = ServerTelemetry.ConnectionOpened(family);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            ServerTelemetry.ConnectionClosed(family, stamp);
        }
    });
}

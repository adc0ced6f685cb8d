using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Roll.Kestrel;

/// <summary>How the client's address and the request's scheme reach the app through the bridge: the one place that decides it.</summary>
/// <remarks>
/// <para>
/// The address needs no header: the peer Kestrel accepted is given to <see cref="RollApp.CreateProtocol"/> as the
/// remote end point, exactly as Roll's own engine gives its socket's peer, so <c>request.RemoteEndPoint</c> and
/// <c>request.ClientAddress</c> (which believes <c>X-Forwarded-For</c> only from the app's trusted proxies) read
/// the same on both engines.
/// </para>
/// <para>
/// The scheme is the engine connection's <see cref="Roll.Server.HttpProtocol.Scheme"/>: <c>https</c> for a
/// connection Kestrel took over TLS, so <c>request.Scheme</c> says so; a trusted proxy's
/// <c>X-Forwarded-Proto</c> still has the last word, as on Roll's own engine. Over TLS the bridge also says it in
/// the request head, as a proxy would: <c>X-Forwarded-Proto: https</c>, replacing whatever the client sent under
/// that name, since the bridge knows the truth. Over plain HTTP the headers pass as they came.
/// </para>
/// </remarks>
internal static class ClientOrigin
{
    /// <summary>The header that carries the scheme of a request Kestrel received over TLS.</summary>
    public const string SchemeHeader = "X-Forwarded-Proto";

    private static readonly object s_peerKey = new();

    /// <summary>Remembers each connection's peer in its items, where requests find it: their own features give no unix socket peer.</summary>
    public static void RememberPeers(ListenOptions listen) => listen.Use(next => connection =>
    {
        if (connection.RemoteEndPoint is { } peer)
        {
            connection.Items[s_peerKey] = peer;
        }
        return next(connection);
    });

    /// <summary>The peer of the connection: an IP address and port, or a unix domain socket end point, as Roll's engine has it.</summary>
    public static EndPoint? PeerOf(IFeatureCollection features)
    {
        if (features.Get<IConnectionItemsFeature>()?.Items is { } items && items.TryGetValue(s_peerKey, out var remembered))
        {
            return remembered as EndPoint;
        }
        var connection = features.Get<IHttpConnectionFeature>();
        return connection?.RemoteIpAddress is { } address ? new IPEndPoint(address, connection.RemotePort) : null;
    }

    /// <summary>The scheme of the connection a request came over: <c>https</c> over TLS, else <c>http</c>.</summary>
    public static string SchemeOf(IFeatureCollection features) =>
        features.Get<IHttpRequestFeature>()?.Scheme == "https" ? "https" : "http";

    /// <summary>Whether the bridge states the scheme in the head it writes (over TLS), replacing any header of that name.</summary>
    public static bool StatesScheme(IHttpRequestFeature request) => request.Scheme == "https";

    /// <summary>The header line that states the scheme.</summary>
    public static ReadOnlySpan<byte> SchemeLine => "X-Forwarded-Proto: https\r\n"u8;
}

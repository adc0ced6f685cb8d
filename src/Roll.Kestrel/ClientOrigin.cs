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
/// The scheme has no place in Roll's protocol yet, so over TLS the bridge says it in the request head, as a proxy
/// would: <c>X-Forwarded-Proto: https</c>, replacing whatever the client sent under that name, since the bridge
/// knows the truth. <c>request.Scheme</c> believes that header only from a trusted peer, so it says <c>http</c>
/// for a client Kestrel took over TLS until the protocol can carry the transport's scheme. Over plain HTTP the
/// headers pass as they came, so a proxy in front of Kestrel keeps its say, as on Roll's own engine.
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

    /// <summary>Whether the bridge states the scheme in the head it writes (over TLS), replacing any header of that name.</summary>
    public static bool StatesScheme(IHttpRequestFeature request) => request.Scheme == "https";

    /// <summary>The header line that states the scheme.</summary>
    public static ReadOnlySpan<byte> SchemeLine => "X-Forwarded-Proto: https\r\n"u8;
}

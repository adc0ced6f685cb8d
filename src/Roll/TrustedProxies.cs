using System.Net;
using System.Net.Sockets;

namespace Roll;

/// <summary>The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers a request's client address and scheme come from; none by default.</summary>
/// <remarks>
/// Anyone can send those headers, so they are believed only from a peer listed here: a proxy such as nginx, which
/// sets them. <c>X-Forwarded-For</c> is read from the right, skipping the listed proxies, and the first other
/// address is the client's (a chain of trusted proxies works, and a client cannot forge past the first proxy).
/// </remarks>
public sealed class TrustedProxies
{
    private readonly List<IPNetwork> _networks = [];

    /// <summary>The trusted proxies' addresses and networks.</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Whether peers on a unix domain socket are trusted: the socket file's permissions say who may connect, typically only nginx.</summary>
    public bool UnixSocket { get; set; }

    /// <summary>Trusts a proxy given as an address (<c>127.0.0.1</c>), a network (<c>10.0.0.0/8</c>) or <c>unix</c> for unix socket peers.</summary>
    public void Add(string proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (proxy.Equals("unix", StringComparison.OrdinalIgnoreCase))
        {
            UnixSocket = true;
        }
        else if (IPAddress.TryParse(proxy, out var address))
        {
            Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
        }
        else if (IPNetwork.TryParse(proxy, out var network))
        {
            Add(network);
        }
        else
        {
            throw new ArgumentException($"'{proxy}' is not an address, a network (10.0.0.0/8) or 'unix'.", nameof(proxy));
        }
    }

    /// <summary>Trusts the proxies of a network.</summary>
    public void Add(IPNetwork network) => _networks.Add(network);

    /// <summary>Whether a connection's peer is a trusted proxy.</summary>
    public bool Trusts(EndPoint? peer) => peer switch
    {
        IPEndPoint ip => Trusts(ip.Address),
        UnixDomainSocketEndPoint => UnixSocket,
        _ => false,
    };

    /// <summary>Whether an address is a trusted proxy's.</summary>
    public bool Trusts(IPAddress address)
    {
        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The client's address and the scheme of a request that came from a peer with those headers.</summary>
    internal (IPAddress? Client, string Scheme) Resolve(EndPoint? peer, Func<string, string?> header, string transportScheme = "http")
    {
        var client = peer is IPEndPoint ip ? Normalize(ip.Address) : null;
        if (!Trusts(peer))
        {
            return (client, transportScheme);
        }
        if (header("X-Forwarded-For") is { } forwardedFor)
        {
            foreach (var hop in forwardedFor.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                if (!TryParseHop(hop, out var address))
                {
                    break;
                }
                client = address;
                if (!Trusts(address))
                {
                    break;
                }
            }
        }
        var scheme = header("X-Forwarded-Proto")?.Split(',', StringSplitOptions.TrimEntries)[^1].ToLowerInvariant();
        return (client, scheme is "https" or "http" ? scheme : transportScheme);
    }

    private static bool TryParseHop(string hop, out IPAddress address)
    {
        // A hop may carry a port: "192.0.2.1:4711" or "[2001:db8::1]:4711".
        if (IPAddress.TryParse(hop, out address!))
        {
            return true;
        }
        if (IPEndPoint.TryParse(hop, out var endPoint))
        {
            address = endPoint.Address;
            return true;
        }
        return false;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

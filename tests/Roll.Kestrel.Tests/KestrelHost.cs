using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Roll.Kestrel.Tests;

/// <summary>How a test speaks HTTP/2 to Kestrel: in clear text with prior knowledge (h2c), or over TLS where ALPN picks it.</summary>
public enum Http2
{
    /// <summary>Clear text on an HTTP/2-only endpoint: the client starts with the HTTP/2 preface (RFC 9113 §3.3).</summary>
    PriorKnowledge,

    /// <summary>TLS with the test's self-signed certificate; ALPN agrees on h2 (RFC 9113 §3.2).</summary>
    Tls,
}

/// <summary>An app served on Kestrel at three loopback endpoints with free ports: HTTP/1.1, HTTP/2 in clear text, and TLS (HTTP/1.1 and HTTP/2).</summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private KestrelHost(RollKestrelServer server, IPEndPoint http1, IPEndPoint h2c, IPEndPoint tls)
    {
        Server = server;
        Http1 = http1;
        H2c = h2c;
        Tls = tls;
    }

    /// <summary>The server.</summary>
    public RollKestrelServer Server { get; }

    /// <summary>The HTTP/1.1 endpoint.</summary>
    public IPEndPoint Http1 { get; }

    /// <summary>The clear-text HTTP/2 endpoint.</summary>
    public IPEndPoint H2c { get; }

    /// <summary>The TLS endpoint.</summary>
    public IPEndPoint Tls { get; }

    /// <summary>Starts the app's server, running its startup listeners.</summary>
    public static async Task<KestrelHost> StartAsync(RollApp app)
    {
        ListenOptions? http1 = null, h2c = null, tls = null;
        // snippet: listen-options
        var server = new RollKestrelServer(app, options =>
        {
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http1 = listen;
            });
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                h2c = listen;
            });
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(TestCertificate.Value);
                tls = listen;
            });
        });
        await server.StartAsync();
        // end-snippet
        return new KestrelHost(server, http1!.IPEndPoint!, h2c!.IPEndPoint!, tls!.IPEndPoint!);
    }

    /// <summary>An HttpClient that speaks HTTP/2 only, the way asked, to the matching endpoint; disposed with the host.</summary>
    public HttpClient Http2Client(Http2 how)
    {
        var tls = how == Http2.Tls;
        var endPoint = tls ? Tls : H2c;
        var client = new HttpClient(new ExactVersion(HttpVersion.Version20, CreateHandler()))
        {
            BaseAddress = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{endPoint.Port}/"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _clients.Add(client);
        return client;
    }

    /// <summary>An HttpClient that speaks HTTP/1.1 to the clear-text HTTP/1.1 endpoint, or over TLS; disposed with the host.</summary>
    public HttpClient Http1Client(bool tls = false)
    {
        var endPoint = tls ? Tls : Http1;
        var client = new HttpClient(new ExactVersion(HttpVersion.Version11, CreateHandler()))
        {
            BaseAddress = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{endPoint.Port}/"),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _clients.Add(client);
        return client;
    }

    /// <summary>A handler that trusts the test's certificate, and only it.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == TestCertificate.Value.GetCertHashString(),
        },
    };

    /// <summary>Stops the server gracefully (running the app's shutdown) and disposes the clients.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Server.DisposeAsync();
    }

    /// <summary>Sends every request in one HTTP version, those made with <c>new HttpRequestMessage</c> (which default to 1.1) too.</summary>
    private sealed class ExactVersion(Version version, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

using System.Net;
using Roll;
using Roll.Kestrel;
using Roll.Testing;

namespace Samples.Tests;

/// <summary>How a test reaches a sample: through Roll's engine in memory or on a socket, or through Kestrel in front of it.</summary>
public enum Transport
{
    /// <summary>In-memory pipes served by the app's real HTTP/1.1 engine (<see cref="TestClient"/>).</summary>
    InMemory,

    /// <summary>A TCP connection to the app served on 127.0.0.1 and a free port (<see cref="LiveClient"/>).</summary>
    Live,

    /// <summary>A TCP connection to Kestrel on 127.0.0.1 and a free port, which hands each request to Roll's engine through Roll.Kestrel's bridge.</summary>
    Kestrel,
}

/// <summary>Starts a client of a sample over any transport, so that each behaviour is checked on both engines.</summary>
internal static class SampleClients
{
    /// <summary>Runs the app's startup and returns a client whose disposal stops it.</summary>
    public static async Task<TestClientBase> StartAsync(RollApp app, Transport transport) => transport switch
    {
        Transport.InMemory => await TestClient.StartAsync(app),
        Transport.Live => await LiveClient.StartAsync(app),
        Transport.Kestrel => await StartKestrelAsync(app),
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };

    /// <summary>Serves the app on Kestrel (HTTP/1.1 on a free loopback port) and returns a live client of it.</summary>
    public static async Task<LiveClient> StartKestrelAsync(RollApp app)
    {
        var server = new RollKestrelServer(app, options => options.Listen(IPAddress.Loopback, 0));
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return LiveClient.Attach(new IPEndPoint(IPAddress.Loopback, server.Addresses[0].Port), server);
    }
}

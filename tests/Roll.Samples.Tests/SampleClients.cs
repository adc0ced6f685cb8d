using Roll;
using Roll.Testing;

namespace Samples.Tests;

/// <summary>How a test reaches a sample: through the engine in memory, or over a real loopback socket.</summary>
public enum Transport
{
    /// <summary>In-memory pipes served by the app's real HTTP/1.1 engine (<see cref="TestClient"/>).</summary>
    InMemory,

    /// <summary>A TCP connection to the app served on 127.0.0.1 and a free port (<see cref="LiveClient"/>).</summary>
    Live,
}

/// <summary>Starts a client of a sample over either transport, so that each behaviour is checked over both.</summary>
internal static class SampleClients
{
    /// <summary>Runs the app's startup and returns a client whose disposal stops it.</summary>
    public static async Task<TestClientBase> StartAsync(RollApp app, Transport transport) => transport switch
    {
        Transport.InMemory => await TestClient.StartAsync(app),
        Transport.Live => await LiveClient.StartAsync(app),
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };
}

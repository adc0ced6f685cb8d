using System.Net;
using KestrelSample;

namespace Samples.Tests;

// The Kestrel sample is an ordinary app: it answers the same on Roll's engine; its TLS, HTTP/2 and websocket
// behaviours are in tests/Roll.Kestrel.Tests/KestrelSampleTests.cs.
public class KestrelSampleTests
{
    [Theory, Transports]
    public async Task HelloTellsThePlainScheme(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(KestrelApp.Create(), transport);

        var response = await client.GetAsync("/hello/roll");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Hello roll, over http\n", response.Text);
    }
}

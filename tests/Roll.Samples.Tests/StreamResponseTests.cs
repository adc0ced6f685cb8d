using System.Net;
using StreamResponseSample;

namespace Samples.Tests;

public class StreamResponseTests
{
    private static readonly string s_cheer = Path.Combine(Path.GetDirectoryName(typeof(StreamResponseTests).Assembly.Location)!, "cheer.txt");

    [Theory, Transports]
    public async Task CheerStreamsTheBundledFileChunkedAsAnAttachment(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(StreamResponseApp.Create(), transport);

        var response = await client.GetAsync("/cheer");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.IsChunked, "The file is streamed with Transfer-Encoding: chunked.");
        Assert.Equal("attachment; filename=cheer.txt", response.Headers["Content-Disposition"]);
        Assert.True(response.Body.Length >= 1024 * 1024, $"The bundled file is at least 1 MiB; {response.Body.Length} bytes came.");
        Assert.True((await File.ReadAllBytesAsync(s_cheer)).AsSpan().SequenceEqual(response.Body), "The body is the bundled file, byte for byte.");
    }
}

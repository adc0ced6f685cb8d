using System.IO.Compression;
using System.Net;
using System.Text;
using TicksSample;

namespace Samples.Tests;

public class TicksTests
{
    [Theory, Transports]
    public async Task ItemsComeCompressedAndDecodeToTheJson(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(TicksApp.Create(), transport);

        var plain = await client.GetAsync("/items");
        var brotli = await client.GetAsync("/items", new Dictionary<string, string> { ["Accept-Encoding"] = "br" });

        Assert.Equal(HttpStatusCode.OK, brotli.Status);
        Assert.Equal("br", brotli.Headers["Content-Encoding"]);
        Assert.Equal(200, plain.Json!.AsArray().Count);
        using var decoder = new BrotliStream(new MemoryStream(brotli.Body), CompressionMode.Decompress);
        Assert.Equal(plain.Text, new StreamReader(decoder, Encoding.UTF8).ReadToEnd());
    }

    [Theory, Transports]
    public async Task EventsAreFiveTicksOrTheRestAfterTheLastEventId(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(TicksApp.Create(), transport);

        var all = await client.GetAsync("/events");
        var rest = await client.GetAsync("/events", new Dictionary<string, string> { ["Last-Event-ID"] = "3" });

        Assert.Equal("text/event-stream", all.Headers["Content-Type"]);
        Assert.Equal(string.Concat(Enumerable.Range(1, 5).Select(n => $"event: tick\ndata: {n}\nid: {n}\n\n")), all.Text);
        Assert.Equal("event: tick\ndata: 4\nid: 4\n\nevent: tick\ndata: 5\nid: 5\n\n", rest.Text);
    }
}

using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of "How to stream a response".</summary>
public class StreamingExamples
{
    // snippet: countdown
    private static async IAsyncEnumerable<string> CountdownAsync(int from)
    {
        for (var i = from; i > 0; i--)
        {
            yield return $"{i}...\n";
            await Task.Delay(10);
        }
        yield return "Liftoff!\n";
    }
    // end-snippet

    [Fact]
    public async Task ChunksOfTextAreSentChunked()
    {
        var app = new RollApp();
        // snippet: chunks
        app.Route("/countdown", (request, response) =>
        {
            response.Headers["Content-Type"] = "text/plain; charset=utf-8";
            response.Body = ResponseBody.FromChunks(CountdownAsync(3));
        });
        // end-snippet
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/countdown");

        Assert.True(response.IsChunked);
        Assert.Equal("chunked", response.Headers["Transfer-Encoding"]);
        Assert.Null(response.Headers["Content-Length"]);
        Assert.Equal("3...\n2...\n1...\nLiftoff!\n", response.Text);
    }

    // snippet: as-it-comes
    [Fact]
    public async Task EachChunkIsSentAsItComes()
    {
        var secondPartMayGo = new TaskCompletionSource();
        async IAsyncEnumerable<byte[]> TwoPartsAsync()
        {
            yield return "first part\n"u8.ToArray();
            await secondPartMayGo.Task;
            yield return "second part\n"u8.ToArray();
        }
        var app = new RollApp();
        app.Route("/parts", (request, response) => response.Body = ResponseBody.FromChunks(TwoPartsAsync()));
        await using var client = await LiveClient.StartAsync(app);

        using var response = await client.Http.GetAsync("/parts", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("first part", await reader.ReadLineAsync());
        secondPartMayGo.SetResult();
        Assert.Equal("second part", await reader.ReadLineAsync());
    }
    // end-snippet

    // snippet: known-length
    [Fact]
    public async Task AStreamOfKnownLengthIsNotChunked()
    {
        var app = new RollApp();
        app.Route("/report", (request, response) =>
        {
            var report = new MemoryStream(Encoding.UTF8.GetBytes("all good"));
            response.Headers["Content-Length"] = report.Length.ToString();
            response.Body = report;
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/report");

        Assert.False(response.IsChunked);
        Assert.Equal("8", response.Headers["Content-Length"]);
        Assert.Equal("all good", response.Text);
    }
    // end-snippet

    [Fact]
    public async Task AStreamedBodyHasNoContentTypeUnlessSet()
    {
        var app = new RollApp();
        app.Route("/raw", (request, response) => response.Body = new MemoryStream([1, 2, 3]));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/raw");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Null(response.Headers["Content-Type"]);
        Assert.Equal([1, 2, 3], response.Body);
    }
}

using System.Text;

namespace Roll.Tests.Server;

public class ChunkedResponseTests
{
    [Fact]
    public async Task TextChunksAreSentChunkedAsTheyCome()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /text HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.True(response.IsChunked, response.Raw);
        Assert.Null(response.Header("Content-Length"));
        Assert.Equal("one, two, three", response.Text);
        Assert.EndsWith("\r\n\r\n5\r\none, \r\n5\r\ntwo, \r\n5\r\nthree\r\n0\r\n\r\n", response.Raw);
    }

    [Fact]
    public async Task EmptyChunksAreSkippedRatherThanEndingTheBody()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /bytes HTTP/1.1\r\nHost: x\r\n\r\nGET /text HTTP/1.1\r\nHost: x\r\n\r\n");
        var responses = await connection.ReadResponsesAsync(2);

        Assert.Equal("ab", responses[0].Text);
        Assert.Equal("one, two, three", responses[1].Text);
    }

    [Fact]
    public async Task StreamBodyIsSentChunked()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.True(response.IsChunked);
        Assert.Equal(new string('s', 40_000), response.Text);
    }

    [Fact]
    public async Task StreamBodyWithAContentLengthIsSentAsIs()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /sized HTTP/1.1\r\nHost: x\r\n\r\nGET /sized HTTP/1.1\r\nHost: x\r\n\r\n");
        var responses = await connection.ReadResponsesAsync(2);

        Assert.All(responses, r => Assert.False(r.IsChunked));
        Assert.All(responses, r => Assert.Equal("sized", r.Text));
    }

    [Fact]
    public async Task Http10ClientGetsTheChunksUnframedUntilTheConnectionCloses()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /text HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.False(response.IsChunked);
        Assert.True(response.AsksToClose);
        Assert.Equal("one, two, three", response.Text);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task ChunksFailingMidwayEndTheConnectionWithoutTheLastChunk()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("GET /failing HTTP/1.1\r\nHost: x\r\n\r\n");
        await connection.ReadUntilClosedAsync().ContinueWith(_ => { });

        Assert.StartsWith("HTTP/1.1 200 OK", connection.Pending);
        Assert.EndsWith("\r\n5\r\nfirst\r\n", connection.Pending);
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/text", (request, response) => response.Body = ResponseBody.FromChunks(Texts()));
        app.Route("/bytes", (request, response) => response.Body = ResponseBody.FromChunks(Bytes()));
        app.Route("/stream", (request, response) => response.Body = new MemoryStream(Encoding.ASCII.GetBytes(new string('s', 40_000))));
        app.Route("/sized", (request, response) =>
        {
            response.Headers["Content-Length"] = "5";
            response.Body = new MemoryStream("sized"u8.ToArray());
        });
        app.Route("/failing", (request, response) => response.Body = ResponseBody.FromChunks(Failing()));
        return app;
    }

    private static async IAsyncEnumerable<string> Texts()
    {
        foreach (var text in new[] { "one, ", "two, ", "three" })
        {
            await Task.Yield();
            yield return text;
        }
    }

    private static async IAsyncEnumerable<byte[]> Bytes()
    {
        yield return "a"u8.ToArray();
        await Task.Yield();
        yield return [];
        yield return "b"u8.ToArray();
    }

    private static async IAsyncEnumerable<string> Failing()
    {
        yield return "first";
        await Task.Yield();
        throw new InvalidOperationException("the source broke");
    }
}

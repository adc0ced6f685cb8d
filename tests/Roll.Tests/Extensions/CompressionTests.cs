using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class CompressionTests
{
    internal static readonly string Items = "[" + string.Join(",", Enumerable.Range(1, 200).Select(n => $"{{\"id\":{n},\"name\":\"item {n}\"}}")) + "]";

    private static RollApp App(CompressionOptions? options = null)
    {
        var app = new RollApp();
        app.Compression(options);
        app.Route("/items", (request, response) =>
        {
            response.Headers["Content-Type"] = "application/json";
            response.Body = Encoding.UTF8.GetBytes(Items);
        });
        app.Route("/text", (request, response) => response.Body = Items);
        app.Route("/small", (request, response) => response.Body = "small");
        app.Route("/tagged", (request, response) =>
        {
            response.Headers["ETag"] = "\"v1\"";
            response.Body = Items;
        });
        app.Route("/png", (request, response) =>
        {
            response.Headers["Content-Type"] = "image/png";
            response.Body = Encoding.UTF8.GetBytes(Items);
        });
        app.Route("/svg", (request, response) =>
        {
            response.Headers["Content-Type"] = "image/svg+xml";
            response.Body = Items;
        });
        app.Route("/no-transform", (request, response) =>
        {
            response.Headers["Cache-Control"] = "public, no-transform";
            response.Body = Items;
        });
        app.Route("/encoded", (request, response) =>
        {
            response.Headers["Content-Encoding"] = "gzip";
            response.Body = Gzip(Items);
        });
        app.Route("/partial", (request, response) =>
        {
            response.Status = HttpStatusCode.PartialContent;
            response.Headers["Content-Range"] = $"bytes 0-1999/{Items.Length}";
            response.Body = Items[..2000];
        });
        app.Route("/not-modified", (request, response) => response.Status = HttpStatusCode.NotModified);
        app.Route("/no-content", (request, response) => response.Status = HttpStatusCode.NoContent);
        app.Route("/vary", (request, response) =>
        {
            response.Headers["Vary"] = "Origin";
            response.Body = Items;
        });
        app.Route("/chunks", (request, response) => response.Body = ResponseBody.FromChunks(Chunks()));
        app.Route("/stream", (request, response) => response.Body = new MemoryStream(Encoding.UTF8.GetBytes(Items)));
        return app;
    }

    private static async IAsyncEnumerable<string> Chunks()
    {
        foreach (var part in Items.Chunk(500))
        {
            await Task.Yield();
            yield return new string(part);
        }
    }

    private static byte[] Gzip(string text)
    {
        var sink = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(sink, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return sink.ToArray();
    }

    private static Dictionary<string, string> Accepting(string value) => new() { ["Accept-Encoding"] = value };

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0.5, gzip;q=0.8", "gzip")]
    [InlineData("x-gzip", "gzip")]
    [InlineData("*", "br")]
    [InlineData("br;q=0, *", "gzip")]
    [InlineData("identity;q=0.5, gzip;q=0.4", null)]
    [InlineData("identity, gzip", "gzip")]
    [InlineData("deflate", null)]
    [InlineData("", null)]
    [InlineData("*;q=0", null)]
    [InlineData("gzip;q=0, br;q=0", null)]
    public async Task TheCodingIsTheOneTheClientRanksFirst(string acceptEncoding, string? expected)
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/items", Accepting(acceptEncoding));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(expected, response.Headers["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response.Headers["Vary"]);
        Assert.Equal(Items, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, expected)));
        Assert.Equal(response.Body.Length.ToString(), response.Headers["Content-Length"]);
        if (expected is not null)
        {
            Assert.True(response.Body.Length < Items.Length / 3, $"{response.Body.Length} bytes for {Items.Length}");
        }
    }

    [Fact]
    public async Task WithoutAcceptEncodingTheBodyGoesAsItIsButVaries()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/items");

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response.Headers["Vary"]);
        Assert.Equal(Items, response.Text);
    }

    [Fact]
    public async Task ABodyUnderTheThresholdIsSentAsItIs()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/small", Accepting("br, gzip"));

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response.Headers["Vary"]);
        Assert.Equal("small", response.Text);
    }

    [Fact]
    public async Task TheThresholdIsAnOption()
    {
        await using var client = new TestClient(App(new CompressionOptions { MinimumSize = 4 }));

        var response = await client.GetAsync("/small", Accepting("gzip"));

        Assert.Equal("gzip", response.Headers["Content-Encoding"]);
        Assert.Equal("small", Encoding.UTF8.GetString(Decompress.Bytes(response.Body, "gzip")));
    }

    [Fact]
    public async Task AClientThatRefusesIdentityGetsEvenASmallBodyCompressed()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/small", Accepting("gzip, identity;q=0"));

        Assert.Equal("gzip", response.Headers["Content-Encoding"]);
        Assert.Equal("small", Encoding.UTF8.GetString(Decompress.Bytes(response.Body, "gzip")));
    }

    [Fact]
    public async Task OnlyTheEncodingsOfTheOptionsAreOffered()
    {
        var options = new CompressionOptions();
        options.Encodings.Remove("br");
        await using var client = new TestClient(App(options));

        var response = await client.GetAsync("/items", Accepting("br, gzip;q=0.1"));

        Assert.Equal("gzip", response.Headers["Content-Encoding"]);
    }

    [Fact]
    public void AnUnknownEncodingIsRefusedAtOnce()
    {
        var options = new CompressionOptions();
        options.Encodings.Add("zstd");

        var error = Assert.Throws<ArgumentException>(() => new RollApp().Compression(options));

        Assert.Contains("zstd", error.Message);
    }

    [Fact]
    public async Task ATextBodyKeepsItsTextType()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/text", Accepting("br"));

        Assert.Equal("br", response.Headers["Content-Encoding"]);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal(Items, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, "br")));
    }

    [Theory]
    [InlineData("/png")]
    [InlineData("/no-transform")]
    public async Task CompressedTypesAndNoTransformAreLeftAlone(string path)
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync(path, Accepting("br, gzip"));

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Null(response.Headers["Vary"]);
        Assert.Equal(Items, response.Text);
    }

    [Fact]
    public async Task SvgIsCompressedBeingText()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/svg", Accepting("br"));

        Assert.Equal("br", response.Headers["Content-Encoding"]);
    }

    [Fact]
    public async Task AnAnswerEncodedAlreadyIsLeftAlone()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/encoded", Accepting("br"));

        Assert.Equal("gzip", response.Headers["Content-Encoding"]);
        Assert.Equal(Items, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, "gzip")));
    }

    [Fact]
    public async Task APartialAnswerIsLeftAlone()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/partial", Accepting("br"));

        Assert.Equal(HttpStatusCode.PartialContent, response.Status);
        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Equal(Items[..2000], response.Text);
    }

    [Fact]
    public async Task HeadIsNotCompressedButVaries()
    {
        await using var client = new TestClient(App());

        var response = await client.HeadAsync("/items", Accepting("br"));

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response.Headers["Vary"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task NotModifiedVariesAsTheFullAnswerWouldAndNoContentIsLeftAlone()
    {
        await using var client = new TestClient(App());

        var notModified = await client.GetAsync("/not-modified", Accepting("br"));
        var noContent = await client.GetAsync("/no-content", Accepting("br"));

        Assert.Equal("Accept-Encoding", notModified.Headers["Vary"]);
        Assert.Null(notModified.Headers["Content-Encoding"]);
        Assert.Null(noContent.Headers["Vary"]);
        Assert.Null(noContent.Headers["Content-Encoding"]);
    }

    [Fact]
    public async Task VaryIsAddedToTheOneTheHandlerSet()
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync("/vary", Accepting("br"));

        Assert.Equal("Origin, Accept-Encoding", response.Headers["Vary"]);
    }

    [Fact]
    public async Task AStrongETagBecomesWeakOnACompressedAnswer()
    {
        await using var client = new TestClient(App());

        var compressed = await client.GetAsync("/tagged", Accepting("br"));
        var identity = await client.GetAsync("/tagged");

        Assert.Equal("W/\"v1\"", compressed.Headers["ETag"]);
        Assert.Equal("\"v1\"", identity.Headers["ETag"]);
    }

    [Theory]
    [InlineData("/chunks", "br")]
    [InlineData("/chunks", "gzip")]
    [InlineData("/stream", "br")]
    [InlineData("/stream", "gzip")]
    public async Task StreamedBodiesAreCompressedAsTheyGo(string path, string encoding)
    {
        await using var client = new TestClient(App());

        var response = await client.GetAsync(path, Accepting(encoding));

        Assert.True(response.IsChunked);
        Assert.Equal(encoding, response.Headers["Content-Encoding"]);
        Assert.Equal(Items, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, encoding)));
    }

    [Fact]
    public async Task WithoutTheExtensionNothingIsCompressed()
    {
        var app = new RollApp();
        app.Route("/items", (request, response) => response.Body = Items);
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/items", Accepting("br"));

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Null(response.Headers["Vary"]);
    }
}

using System.IO.Compression;
using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Extensions;

// The static extension with compression on: a file's .br or .gz sibling, sent when accepted, as its own representation.
public sealed class PrecompressedStaticTests : IDisposable
{
    private static readonly string s_script = string.Concat(Enumerable.Repeat("console.log('roll');\n", 200));
    private readonly string _site = Directory.CreateTempSubdirectory("roll-precompressed-").FullName;

    public PrecompressedStaticTests()
    {
        File.WriteAllText(Path.Combine(_site, "app.js"), s_script);
        File.WriteAllBytes(Path.Combine(_site, "app.js.br"), Compress(s_script, "br"));
        File.WriteAllBytes(Path.Combine(_site, "app.js.gz"), Compress(s_script, "gzip"));
        File.WriteAllText(Path.Combine(_site, "plain.js"), s_script);
    }

    public void Dispose() => Directory.Delete(_site, recursive: true);

    private static byte[] Compress(string text, string encoding)
    {
        var sink = new MemoryStream();
        using (Stream coder = encoding == "br" ? new BrotliStream(sink, CompressionLevel.SmallestSize) : new GZipStream(sink, CompressionLevel.SmallestSize))
        {
            coder.Write(Encoding.UTF8.GetBytes(text));
        }
        return sink.ToArray();
    }

    private TestClient Client(bool compression = true)
    {
        var app = new RollApp();
        if (compression)
        {
            app.Compression();
        }
        app.Static(_site);
        return new TestClient(app);
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) => headers.ToDictionary(h => h.Name, h => h.Value);

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, br", "br")]
    [InlineData("br;q=0.1, gzip", "gzip")]
    public async Task TheAcceptedSiblingIsSentWithTheOriginalType(string acceptEncoding, string expected)
    {
        await using var client = Client();

        var response = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", acceptEncoding)));

        Assert.Equal(expected, response.Headers["Content-Encoding"]);
        Assert.Equal("text/javascript; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("Accept-Encoding", response.Headers["Vary"]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_site, expected == "br" ? "app.js.br" : "app.js.gz")), response.Body);
        Assert.Equal(s_script, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, expected)));
    }

    [Fact]
    public async Task WithoutAnAcceptedCodingTheFileItselfIsSentAndVaries()
    {
        await using var client = Client();

        var response = await client.GetAsync("/static/app.js");

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", response.Headers["Vary"]);
        Assert.Equal(s_script, response.Text);
    }

    [Fact]
    public async Task EachRepresentationHasItsOwnETagAndConditionalRequestsUseIt()
    {
        await using var client = Client();

        var identity = await client.GetAsync("/static/app.js");
        var brotli = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", "br")));
        var gzip = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", "gzip")));
        var revalidated = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", "br"), ("If-None-Match", brotli.Headers["ETag"]!)));
        var otherTag = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", "br"), ("If-None-Match", identity.Headers["ETag"]!)));

        Assert.Equal(3, new[] { identity.Headers["ETag"], brotli.Headers["ETag"], gzip.Headers["ETag"] }.Distinct().Count());
        Assert.DoesNotContain("W/", brotli.Headers["ETag"]);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.Status);
        Assert.Equal("Accept-Encoding", revalidated.Headers["Vary"]);
        Assert.Equal(HttpStatusCode.OK, otherTag.Status);
    }

    [Fact]
    public async Task ARangeCountsInTheBytesOfTheRepresentationSent()
    {
        var compressed = File.ReadAllBytes(Path.Combine(_site, "app.js.br"));
        await using var client = Client();

        var response = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", "br"), ("Range", "bytes=0-9")));

        Assert.Equal(HttpStatusCode.PartialContent, response.Status);
        Assert.Equal("br", response.Headers["Content-Encoding"]);
        Assert.Equal($"bytes 0-9/{compressed.Length}", response.Headers["Content-Range"]);
        Assert.Equal(compressed[..10], response.Body);
    }

    [Fact]
    public async Task AFileWithoutSiblingIsCompressedOnTheFlyWithAWeakTagAndNoRanges()
    {
        await using var client = Client();

        var identity = await client.GetAsync("/static/plain.js");
        var response = await client.GetAsync("/static/plain.js", Headers(("Accept-Encoding", "gzip")));
        var range = await client.GetAsync("/static/plain.js", Headers(("Accept-Encoding", "gzip"), ("Range", "bytes=0-9")));

        Assert.Equal("gzip", response.Headers["Content-Encoding"]);
        Assert.Equal("W/" + identity.Headers["ETag"], response.Headers["ETag"]);
        Assert.Null(response.Headers["Accept-Ranges"]);
        Assert.Equal(s_script, Encoding.UTF8.GetString(Decompress.Bytes(response.Body, "gzip")));
        Assert.Equal(HttpStatusCode.PartialContent, range.Status);
        Assert.Null(range.Headers["Content-Encoding"]);
        Assert.Equal(s_script[..10], range.Text);
    }

    [Fact]
    public async Task WithoutCompressionTheSiblingsAreIgnored()
    {
        await using var client = Client(compression: false);

        var response = await client.GetAsync("/static/app.js", Headers(("Accept-Encoding", "br")));

        Assert.Null(response.Headers["Content-Encoding"]);
        Assert.Equal(s_script, response.Text);
    }
}

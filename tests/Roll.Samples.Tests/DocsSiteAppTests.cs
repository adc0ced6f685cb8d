using System.IO.Compression;
using System.Net;
using DocsSite;
using Roll.Testing;

namespace Samples.Tests;

/// <summary>docs/Site, the app that serves the built docs site, on a stand-in site of one page.</summary>
public sealed class DocsSiteAppTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("roll-site-");

    public DocsSiteAppTests()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "index.html"), "<h1>Roll for .NET documentation</h1>");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "api"));
        File.WriteAllText(Path.Combine(_root.FullName, "api", "Roll.HttpError.html"), "<h1>Class HttpError</h1>");
        File.WriteAllText(Path.Combine(_root.FullName, "search.js"), string.Concat(Enumerable.Repeat("const result = find('HttpError');\n", 200)));
    }

    [Fact]
    public async Task TheHomeIsTheSitesIndexAndAnswersNotModifiedToItsETag()
    {
        await using var client = new TestClient(SiteApp.Create(_root.FullName));

        var first = await client.GetAsync("/");
        var again = await client.GetAsync("/", new Dictionary<string, string> { ["If-None-Match"] = first.Headers["ETag"]! });

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("<h1>Roll for .NET documentation</h1>", first.Text);
        Assert.Equal(HttpStatusCode.NotModified, again.Status);
    }

    [Fact]
    public async Task APageIsServedByItsPath()
    {
        await using var client = new TestClient(SiteApp.Create(_root.FullName));

        var response = await client.GetAsync("/api/Roll.HttpError.html");

        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("<h1>Class HttpError</h1>", response.Text);
    }

    [Fact]
    public async Task AScriptIsSentGzippedToAClientThatAcceptsIt()
    {
        await using var client = new TestClient(SiteApp.Create(_root.FullName));

        var response = await client.GetAsync("/search.js", new Dictionary<string, string> { ["Accept-Encoding"] = "gzip" });

        Assert.Equal("gzip", response.Headers["Content-Encoding"]);
        using var unzipped = new StreamReader(new GZipStream(new MemoryStream(response.Body), CompressionMode.Decompress));
        Assert.Equal(File.ReadAllText(Path.Combine(_root.FullName, "search.js")), await unzipped.ReadToEndAsync());
        Assert.True(response.Body.Length < 1000, $"{response.Body.Length} bytes");
    }

    public void Dispose() => _root.Delete(recursive: true);
}

using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public sealed class StaticTests : RollTestBase, IDisposable
{
    private const string Secret = "TOP-SECRET-CONTENT";
    private const string Hello = "Hello, static world!";

    // The site lives in <temp>/<random>/site; a secret sits next to it, outside the root.
    private readonly string _dir = Directory.CreateTempSubdirectory("roll-static-").FullName;

    private string Site => Path.Combine(_dir, "site");

    protected override RollApp CreateApp()
    {
        Directory.CreateDirectory(Path.Combine(Site, "css"));
        Directory.CreateDirectory(Path.Combine(Site, "docs"));
        Directory.CreateDirectory(Path.Combine(Site, "empty"));
        File.WriteAllText(Path.Combine(Site, "index.html"), "<h1>home</h1>");
        File.WriteAllText(Path.Combine(Site, "hello.txt"), Hello);
        File.WriteAllText(Path.Combine(Site, "css", "site.css"), "body { color: black; }");
        File.WriteAllText(Path.Combine(Site, "docs", "index.html"), "<h1>docs</h1>");
        File.WriteAllText(Path.Combine(Site, "data.unknown"), "?");
        File.WriteAllText(Path.Combine(Site, "model.glb"), "glTF");
        File.WriteAllText(Path.Combine(_dir, "secret.txt"), Secret);
        Directory.CreateDirectory(Path.Combine(_dir, "private"));
        File.WriteAllText(Path.Combine(_dir, "private", "secret.txt"), Secret);
        File.CreateSymbolicLink(Path.Combine(Site, "secret-link.txt"), Path.Combine(_dir, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Site, "relative-link.txt"), "../secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(Site, "link-out"), Path.Combine(_dir, "private"));
        File.CreateSymbolicLink(Path.Combine(Site, "hello-link.txt"), "hello.txt");
        Directory.CreateSymbolicLink(Path.Combine(Site, "styles"), "css");
        File.WriteAllText(Path.Combine(Site, ".env"), Secret);
        Directory.CreateDirectory(Path.Combine(Site, ".git"));
        File.WriteAllText(Path.Combine(Site, ".git", "config"), Secret);
        File.CreateSymbolicLink(Path.Combine(Site, "env-link.txt"), ".env");
        Directory.CreateDirectory(Path.Combine(Site, "my docs"));
        File.WriteAllText(Path.Combine(Site, "my docs", "index.html"), "<h1>mine</h1>");

        var app = new RollApp();
        app.Static(Site, prefix: "/static/", defaultIndex: "index.html", contentTypes: new Dictionary<string, string> { [".glb"] = "model/gltf-binary" });
        return app;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<TestResponse> GetAsync(string path, string name, string value)
        => Client.GetAsync(path, new Dictionary<string, string> { [name] = value });

    [Fact]
    public async Task AFileIsServedWithItsContentTypeAndLength()
    {
        var response = await Client.GetAsync("/static/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("body { color: black; }", response.Text);
        Assert.Equal("text/css; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("22", response.Headers["Content-Length"]);
        Assert.Equal("bytes", response.Headers["Accept-Ranges"]);
        Assert.False(response.IsChunked);
    }

    [Theory]
    [InlineData("/static/data.unknown", "application/octet-stream")]
    [InlineData("/static/model.glb", "model/gltf-binary")]
    [InlineData("/static/index.html", "text/html; charset=utf-8")]
    public async Task TheContentTypeComesFromTheExtension(string path, string type)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(type, response.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData("/static/")]
    [InlineData("/static/docs/")]
    public async Task AFolderServesItsDefaultIndex(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Contains("<h1>", response.Text);
    }

    [Fact]
    public async Task AFolderAskedForWithoutItsSlashIsRedirectedToIt()
    {
        var response = await Client.GetAsync("/static/docs?lang=en");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.Status);
        Assert.Equal("/static/docs/?lang=en", response.Headers["Location"]);
    }

    [Fact]
    public async Task AFolderRedirectIsBuiltFromThePathNotFromAnAbsoluteFormTarget()
    {
        var response = await Client.SendRawAsync(Encoding.ASCII.GetBytes(
            "GET http://evil.example/static/docs?lang=en HTTP/1.1\r\nHost: good.example\r\n\r\n"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.Status);
        Assert.Equal("/static/docs/?lang=en", response.Headers["Location"]);
    }

    [Fact]
    public async Task AFolderRedirectIsPercentEncoded()
    {
        var response = await Client.GetAsync("/static/my%20docs");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.Status);
        Assert.Equal("/static/my%20docs/", response.Headers["Location"]);
    }

    [Theory]
    [InlineData("/static/.env")]
    [InlineData("/static/%2eenv")]
    [InlineData("/static/.git/config")]
    [InlineData("/static/.git/")]
    [InlineData("/static/.git")]
    [InlineData("/static/env-link.txt")]
    public async Task DotfilesAndDotFoldersAreNotServed(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.DoesNotContain(Secret, response.Text);
    }

    [Theory]
    [InlineData("/static/hello.txt%2f")]
    [InlineData("/static/hello.txt%2F")]
    [InlineData("/static/hello.txt/")]
    [InlineData("/static/css/site.css/")]
    public async Task AFileAskedForWithATrailingSlashIsNotFound(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.DoesNotContain(Hello, response.Text);
    }

    [Fact]
    public async Task AFolderWithoutItsIndexIsNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/static/empty/")).Status);
    }

    [Fact]
    public async Task WithoutADefaultIndexAFolderIsNotFound()
    {
        var app = new RollApp();
        app.Static(Site);
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/static/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/static/docs/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/static/hello.txt")).Status);
    }

    [Theory]
    [InlineData("/static/missing.txt")]
    [InlineData("/static/css/missing.css")]
    [InlineData("/static/hello.txt/more")]
    [InlineData("/static/....")]
    public async Task AMissingFileIsNotFound(string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(path)).Status);
    }

    [Theory]
    [InlineData("/static/../secret.txt")]
    [InlineData("/static/css/../../secret.txt")]
    [InlineData("/static/%2e%2e/secret.txt")]
    [InlineData("/static/%2E%2E/secret.txt")]
    [InlineData("/static/.%2e/secret.txt")]
    [InlineData("/static/..%2fsecret.txt")]
    [InlineData("/static/..%2Fsecret.txt")]
    [InlineData("/static/%2e%2e%2fsecret.txt")]
    [InlineData("/static/css%2f..%2f..%2fsecret.txt")]
    [InlineData("/static/..\\secret.txt")]
    [InlineData("/static/..%5csecret.txt")]
    [InlineData("/static/css\\..\\..\\secret.txt")]
    [InlineData("/static/%00")]
    [InlineData("/static/hello.txt%00.css")]
    [InlineData("/static/..%00/secret.txt")]
    [InlineData("/static//etc/passwd")]
    [InlineData("/static/%2fetc%2fpasswd")]
    [InlineData("/static/%2F..%2Fsecret.txt")]
    [InlineData("/static/C:\\Windows\\win.ini")]
    [InlineData("/static/C:%5cWindows%5cwin.ini")]
    [InlineData("/static/secret-link.txt")]
    [InlineData("/static/relative-link.txt")]
    [InlineData("/static/link-out/secret.txt")]
    [InlineData("/static/link-out/")]
    [InlineData("/static/./hello.txt")]
    [InlineData("/static/css//site.css")]
    [InlineData("/static/%c0%ae%c0%ae/secret.txt")]
    public async Task NoRequestReachesAFileOutsideTheRoot(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.Status}");
        Assert.DoesNotContain(Secret, response.Text);
        Assert.DoesNotContain("root:", response.Text);
    }

    [Fact]
    public async Task AnAbsoluteFormTargetStaysInsideTheRootToo()
    {
        var response = await Client.SendRawAsync(Encoding.ASCII.GetBytes(
            "GET http://testserver/static/../secret.txt HTTP/1.1\r\nHost: testserver\r\n\r\n"));

        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);
        Assert.DoesNotContain(Secret, response.Text);
    }

    [Fact]
    public async Task LinksThatStayInsideTheRootAreFollowed()
    {
        Assert.Equal(Hello, (await Client.GetAsync("/static/hello-link.txt")).Text);
        Assert.Equal("body { color: black; }", (await Client.GetAsync("/static/styles/site.css")).Text);
    }

    [Fact]
    public async Task ADefaultIndexThatLinksOutOfTheRootIsNotServed()
    {
        File.Delete(Path.Combine(Site, "docs", "index.html"));
        File.CreateSymbolicLink(Path.Combine(Site, "docs", "index.html"), Path.Combine(_dir, "secret.txt"));

        var response = await Client.GetAsync("/static/docs/");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.DoesNotContain(Secret, response.Text);
    }

    [Fact]
    public async Task ALinkLoopIsNotFound()
    {
        File.CreateSymbolicLink(Path.Combine(Site, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(Site, "loop-b"), "loop-a");

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/static/loop-a")).Status);
    }

    [Fact]
    public async Task ARootThatIsItselfALinkIsServed()
    {
        var link = Path.Combine(_dir, "site-link");
        Directory.CreateSymbolicLink(link, Site);
        var app = new RollApp();
        app.Static(link);
        await using var client = new TestClient(app);

        Assert.Equal(Hello, (await client.GetAsync("/static/hello.txt")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/static/secret-link.txt")).Status);
    }

    [Fact]
    public async Task ValidatorsAreSent()
    {
        var response = await Client.GetAsync("/static/hello.txt");

        Assert.Matches("^\"[0-9a-f]+-[0-9a-f]+\"$", response.Headers["ETag"]);
        var modified = File.GetLastWriteTimeUtc(Path.Combine(Site, "hello.txt"));
        Assert.Equal(modified.ToString("r"), response.Headers["Last-Modified"]);
    }

    [Theory]
    [InlineData("If-None-Match", "{etag}")]
    [InlineData("If-None-Match", "\"other\", {etag}")]
    [InlineData("If-None-Match", "W/{etag}")]
    [InlineData("If-None-Match", "*")]
    [InlineData("If-Modified-Since", "{modified}")]
    [InlineData("If-Modified-Since", "Fri, 31 Dec 2100 23:59:59 GMT")]
    public async Task AFreshCopyGetsNotModified(string header, string value)
    {
        var first = await Client.GetAsync("/static/hello.txt");
        value = value.Replace("{etag}", first.Headers["ETag"]).Replace("{modified}", first.Headers["Last-Modified"]);

        var response = await GetAsync("/static/hello.txt", header, value);

        Assert.Equal(HttpStatusCode.NotModified, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(first.Headers["ETag"], response.Headers["ETag"]);
    }

    [Theory]
    [InlineData("If-None-Match", "\"other\"")]
    [InlineData("If-None-Match", "not an etag")]
    [InlineData("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData("If-Modified-Since", "yesterday")]
    public async Task AStaleOrUnreadableValidatorGetsTheFile(string header, string value)
    {
        var response = await GetAsync("/static/hello.txt", header, value);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Hello, response.Text);
    }

    [Fact]
    public async Task IfNoneMatchWinsOverIfModifiedSince()
    {
        var response = await Client.GetAsync("/static/hello.txt", new Dictionary<string, string>
        {
            ["If-None-Match"] = "\"other\"",
            ["If-Modified-Since"] = "Fri, 31 Dec 2100 23:59:59 GMT",
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [InlineData("bytes=0-4", "Hello", "bytes 0-4/20")]
    [InlineData("bytes=7-12", "static", "bytes 7-12/20")]
    [InlineData("bytes=14-", "world!", "bytes 14-19/20")]
    [InlineData("bytes=14-100", "world!", "bytes 14-19/20")]
    [InlineData("bytes=-6", "world!", "bytes 14-19/20")]
    [InlineData("bytes=-100", Hello, "bytes 0-19/20")]
    [InlineData("BYTES=0-0", "H", "bytes 0-0/20")]
    public async Task ARangeGetsPartialContent(string range, string body, string contentRange)
    {
        var response = await GetAsync("/static/hello.txt", "Range", range);

        Assert.Equal(HttpStatusCode.PartialContent, response.Status);
        Assert.Equal(body, response.Text);
        Assert.Equal(contentRange, response.Headers["Content-Range"]);
        Assert.Equal(body.Length.ToString(), response.Headers["Content-Length"]);
    }

    [Theory]
    [InlineData("bytes=20-")]
    [InlineData("bytes=100-200")]
    [InlineData("bytes=-0")]
    public async Task AnUnsatisfiableRangeGets416(string range)
    {
        var response = await GetAsync("/static/hello.txt", "Range", range);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.Status);
        Assert.Equal("bytes */20", response.Headers["Content-Range"]);
        Assert.DoesNotContain("Hello", response.Text);
    }

    [Fact]
    public async Task An416IsNotAnsweredWithTheFilesContentType()
    {
        var response = await GetAsync("/static/index.html", "Range", "bytes=999-");

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.Status);
        Assert.Equal("bytes */13", response.Headers["Content-Range"]);
        Assert.DoesNotContain("text/html", response.Headers["Content-Type"] ?? "");
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-4")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=x-y")]
    [InlineData("bytes=")]
    public async Task ARangeThatIsIgnoredGetsTheWholeFile(string range)
    {
        var response = await GetAsync("/static/hello.txt", "Range", range);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Hello, response.Text);
    }

    [Fact]
    public async Task IfRangeHonoursTheRangeOnlyForTheSameFile()
    {
        var etag = (await Client.GetAsync("/static/hello.txt")).Headers["ETag"]!;

        var same = await Client.GetAsync("/static/hello.txt", new Dictionary<string, string> { ["Range"] = "bytes=0-4", ["If-Range"] = etag });
        var changed = await Client.GetAsync("/static/hello.txt", new Dictionary<string, string> { ["Range"] = "bytes=0-4", ["If-Range"] = "\"old\"" });

        Assert.Equal(HttpStatusCode.PartialContent, same.Status);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(Hello, changed.Text);
    }

    [Fact]
    public async Task HeadSendsTheHeadersWithoutTheBody()
    {
        var response = await Client.HeadAsync("/static/hello.txt");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("20", response.Headers["Content-Length"]);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task OtherMethodsAreNotAllowed()
    {
        var response = await Client.PostAsync("/static/hello.txt", "x");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }

    [Fact]
    public async Task ALargeFileIsStreamedWithItsLength()
    {
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(Site, "large.bin"), content);

        var response = await Client.GetAsync("/static/large.bin");

        Assert.Equal(content.Length.ToString(), response.Headers["Content-Length"]);
        Assert.False(response.IsChunked);
        Assert.Equal(content, response.Body);
    }

    [Fact]
    public async Task AFileIsStreamedOverARealSocketToo()
    {
        var content = new byte[1024 * 1024];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(Site, "live.bin"), content);
        await using var live = await LiveClient.StartAsync(App);

        var whole = await live.GetAsync("/static/live.bin");
        var part = await live.GetAsync("/static/live.bin", new Dictionary<string, string> { ["Range"] = "bytes=1000-1999" });

        Assert.Equal(content, whole.Body);
        Assert.Equal(content[1000..2000], part.Body);
        Assert.Equal(HttpStatusCode.PartialContent, part.Status);
    }

    [Fact]
    public void TheRootMustBeAFolder()
    {
        var error = Assert.Throws<ArgumentException>(() => new RollApp().Static(Path.Combine(_dir, "nowhere")));

        Assert.Contains("is not a folder", error.Message);
    }

    [Fact]
    public void TheRouteIsNamedForUrlFor()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Static(Site, prefix: "/assets/");

        Assert.Equal("/assets/css/site.css", urlFor("static", ("path", "css/site.css")));
    }
}

// Over 400 lines: one class per feature, and the response has many kinds of body, each framed its own way on the wire.
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>What a handler sets on the response, as the client receives it: status, headers, cookies and every kind of body.</summary>
public class ResponseTests
{
    private static async Task<TestResponse> GetAsync(Action<Request, Response> handler, string method = "GET")
    {
        // The refusals below are told to the developer: this app shows them in its 500s.
        var app = new RollApp { ShowErrorDetails = true };
        app.Route("/", handler, methods: ["GET", "POST"]);
        await using var client = new TestClient(app);
        return await client.RequestAsync(method, "/");
    }

    private static async IAsyncEnumerable<string> Words()
    {
        yield return "one ";
        await Task.Yield();
        yield return "";
        yield return "two ";
        await Task.Yield();
        yield return "thrée";
    }

    private static async IAsyncEnumerable<byte[]> Bytes()
    {
        yield return [1, 2];
        await Task.Yield();
        yield return [3];
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Memories()
    {
        await Task.Yield();
        yield return "abc"u8.ToArray();
        yield return "def"u8.ToArray().AsMemory(1, 2);
    }

    [Fact]
    public async Task TheStatusIs200UnlessSet()
    {
        var response = await GetAsync((request, response) => { });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("OK", response.Reason);
    }

    [Fact]
    public async Task TheStatusIsSetFromAnHttpStatusCode()
    {
        var response = await GetAsync((request, response) => { response.Status = HttpStatusCode.Accepted; });

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("Accepted", response.Reason);
    }

    [Fact]
    public async Task TheStatusIsSetFromANumber()
    {
        var response = await GetAsync((request, response) =>
        {
            response.StatusCode = 201;
            response.Body = response.Status.ToString();
        });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("Created", response.Text);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(1000)]
    [InlineData(-200)]
    public async Task AStatusThatAStatusLineCannotHoldIsRefused(int status)
    {
        var response = await GetAsync((request, response) => { response.StatusCode = status; });

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains($"'{status}' is not an HTTP status", response.Text);
    }

    [Fact]
    public async Task SettingAHeaderReplacesItWhateverTheCase()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers["X-Version"] = "1";
            response.Headers["x-version"] = "2";
        });

        Assert.Equal(["2"], response.Headers.GetValues("X-Version"));
    }

    [Fact]
    public async Task AddingAHeaderKeepsTheLinesAlreadySet()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers.Add("Link", "</a.css>; rel=preload");
            response.Headers.Add("link", "</b.js>; rel=preload");
        });

        Assert.Equal(["</a.css>; rel=preload", "</b.js>; rel=preload"], response.Headers.GetValues("Link"));
    }

    [Fact]
    public async Task ARemovedHeaderIsNotSent()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers["X-Temporary"] = "1";
            response.Headers.Remove("x-temporary");
        });

        Assert.False(response.Headers.Contains("X-Temporary"));
    }

    [Fact]
    public async Task AHeaderValueWithALineBreakIsRefusedSoNoHeaderCanBeInjected()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers["X-Name"] = "innocent\r\nSet-Cookie: admin=1";
        });

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains("control character", response.Text);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("X-Name"));
    }

    [Fact]
    public async Task AHeaderNameThatIsNotATokenIsRefused()
    {
        var response = await GetAsync((request, response) => response.Headers.Add("Bad Name", "x"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains("'Bad Name' is not a valid header name", response.Text);
    }

    [Fact]
    public async Task HeadersOfOneResponseDoNotLeakIntoTheNextOnTheSameConnection()
    {
        var app = new RollApp();
        app.Route("/first", (request, response) =>
        {
            response.Headers["X-First"] = "1";
            response.Cookies.Set("first", "1");
            response.Status = HttpStatusCode.Accepted;
            response.Body = "first";
        });
        app.Route("/second", (request, response) => { });
        await using var client = new TestClient(app);

        await client.GetAsync("/first");
        var second = await client.GetAsync("/second");

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.False(second.Headers.Contains("X-First"));
        Assert.Empty(second.SetCookies);
        Assert.Empty(second.Body);
    }

    [Fact]
    public async Task EachCookieIsOneSetCookieLineWithItsAttributes()
    {
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var response = await GetAsync((request, response) =>
        {
            response.Cookies.Set("plain", "value");
            response.Cookies.Set("session", "a b;c", maxAge: TimeSpan.FromHours(1), expires: expires, secure: true, httpOnly: true,
                path: "/app", domain: "example.org", sameSite: SameSite.Strict);
            response.Cookies.Set("lax", "1", sameSite: SameSite.Lax);
            response.Cookies.Set("none", "1", secure: true, sameSite: SameSite.None);
        });

        Assert.Equal(
            [
                "plain=value",
                "session=a%20b%3Bc; expires=Wed, 02 Jan 2030 03:04:05 GMT; max-age=3600; domain=example.org; path=/app; secure; samesite=strict; httponly",
                "lax=1; samesite=lax",
                "none=1; secure; samesite=none",
            ],
            response.SetCookies);
        Assert.Equal("a b;c", response.Cookies["session"]);
    }

    [Fact]
    public async Task ACookieWithoutAttributesIsEscapedAsOneWithThem()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Cookies.Set("plain", "Az09-._~");
            response.Cookies.Set("spaced", "a b");
            response.Cookies.Set("accented", "é");
            response.Cookies.Set("empty");
        });

        Assert.Equal(["plain=Az09-._~", "spaced=a%20b", "accented=%C3%A9", "empty="], response.SetCookies);
    }

    [Fact]
    public async Task SettingACookieTwiceSendsTheLastValueOnly()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Cookies.Set("theme", "light");
            response.Cookies.Set("theme", "dark");
        });

        Assert.Equal(["theme=dark"], response.SetCookies);
    }

    [Fact]
    public async Task ACookieCanBeChangedAfterItIsSet()
    {
        var response = await GetAsync((request, response) =>
        {
            var cookie = response.Cookies.Set("id", "7");
            cookie.HttpOnly = true;
            cookie.Path = "/";
        });

        Assert.Equal(["id=7; path=/; httponly"], response.SetCookies);
    }

    [Fact]
    public async Task DeletingACookieSendsItEmptyAndExpired()
    {
        var response = await GetAsync((request, response) => response.Cookies.Delete("session", path: "/app"));

        Assert.Equal(["session=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=/app"], response.SetCookies);
    }

    [Fact]
    public async Task ATextBodyIsSentAsUtf8WithItsLengthInBytesAndPlainTextByDefault()
    {
        var response = await GetAsync((request, response) => { response.Body = "héllo ✓"; });

        Assert.Equal("héllo ✓", response.Text);
        Assert.Equal("10", response.Headers["Content-Length"]);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["Content-Type"]);
        Assert.False(response.IsChunked);
    }

    [Fact]
    public async Task ATextBodyKeepsTheContentTypeTheHandlerSet()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers["Content-Type"] = "text/html; charset=utf-8";
            response.Body = "<p>hi</p>";
        });

        Assert.Equal(["text/html; charset=utf-8"], response.Headers.GetValues("Content-Type"));
    }

    [Fact]
    public async Task AnEmptyBodyIsSentWithALengthOfZero()
    {
        var response = await GetAsync((request, response) => { });

        Assert.Equal("0", response.Headers["Content-Length"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task ABodyOfBytesIsSentAsItIs()
    {
        var bytes = new byte[] { 0, 255, 10, 13, 128 };
        var response = await GetAsync((request, response) =>
        {
            response.Headers["Content-Type"] = "application/octet-stream";
            response.Body = bytes;
        });

        Assert.Equal(bytes, response.Body);
        Assert.Equal("5", response.Headers["Content-Length"]);
        Assert.Equal("application/octet-stream", response.Headers["Content-Type"]);
    }

    [Fact]
    public async Task AStreamBodyIsSentChunked()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 5000)));
        var response = await GetAsync((request, response) => { response.Body = new MemoryStream(content); });

        Assert.True(response.IsChunked);
        Assert.Equal("chunked", response.Headers["Transfer-Encoding"]);
        Assert.False(response.Headers.Contains("Content-Length"));
        Assert.Equal(content, response.Body);
    }

    [Fact]
    public async Task AStreamBodyWithAKnownLengthIsSentWithoutChunks()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers["Content-Length"] = "5";
            response.Body = new MemoryStream("hello"u8.ToArray());
        });

        Assert.False(response.IsChunked);
        Assert.Equal("hello", response.Text);
    }

    [Fact]
    public async Task TheStreamOfABodyIsDisposedOnceSent()
    {
        var stream = new MemoryStream("data"u8.ToArray());
        var response = await GetAsync((request, response) => { response.Body = stream; });

        Assert.Equal("data", response.Text);
        Assert.False(stream.CanRead);
    }

    [Fact]
    public async Task TextChunksAreSentChunkedInOrder()
    {
        var response = await GetAsync((request, response) => { response.Body = ResponseBody.FromChunks(Words()); });

        Assert.True(response.IsChunked);
        Assert.Equal("one two thrée", response.Text);
    }

    [Fact]
    public async Task ByteChunksAreSentChunkedInOrder()
    {
        var bytes = await GetAsync((request, response) => { response.Body = ResponseBody.FromChunks(Bytes()); });
        var memories = await GetAsync((request, response) => { response.Body = ResponseBody.FromChunks(Memories()); });

        Assert.True(bytes.IsChunked);
        Assert.Equal([1, 2, 3], bytes.Body);
        Assert.True(memories.IsChunked);
        Assert.Equal("abcef", memories.Text);
    }

    [Fact]
    public async Task EachChunkIsItsOwnChunkOnTheWire()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => { response.Body = ResponseBody.FromChunks(Words()); });
        await using var client = new TestClient(app);

        var raw = await client.SendRawAllAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.EndsWith("\r\n\r\n4\r\none \r\n4\r\ntwo \r\n6\r\nthrée\r\n0\r\n\r\n", raw);
    }

    [Fact]
    public async Task AJsonNodeBodyIsSerialisedWithTheJsonContentType()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Json = new JsonObject { ["name"] = "roll", ["tags"] = new JsonArray("fast", "small"), ["size"] = 1.5 };
        });

        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("""{"name":"roll","tags":["fast","small"],"size":1.5}""", response.Text);
    }

    [Fact]
    public async Task ANullJsonBodyIsTheJsonNull()
    {
        var response = await GetAsync((request, response) => { response.Json = null; });

        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("null", response.Text);
    }

    [Fact]
    public async Task AnyValueIsSerialisedThroughItsGeneratedTypeInfo()
    {
        var response = await GetAsync((request, response) =>
        {
            response.SetJson([new Item("apple", 3), new Item("pear", 1)], AppJsonContext.Default.ListItem);
        });

        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("""[{"name":"apple","quantity":3},{"name":"pear","quantity":1}]""", response.Text);
    }

    [Fact]
    public async Task ARedirectIsA302WithTheLocation()
    {
        var response = await GetAsync((request, response) => response.Redirect("https://example.org/elsewhere"));

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("https://example.org/elsewhere", response.Headers["Location"]);
    }

    [Fact]
    public async Task ARedirectMayBePermanent()
    {
        var response = await GetAsync((request, response) => response.Redirect("/new-home", HttpStatusCode.MovedPermanently));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.Status);
        Assert.Equal("/new-home", response.Headers["Location"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent)]
    [InlineData(HttpStatusCode.NotModified)]
    public async Task NoBodyIsSentWithA204OrA304(HttpStatusCode status)
    {
        var app = new RollApp();
        app.Route("/", (request, response) =>
        {
            response.Status = status;
            response.Body = "ignored";
        });
        app.Route("/next", (request, response) => { response.Body = "next"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");
        var next = await client.GetAsync("/next");

        Assert.Equal(status, response.Status);
        Assert.Empty(response.Body);
        Assert.False(response.Headers.Contains("Content-Length"));
        Assert.Equal("next", next.Text);
    }

    [Fact]
    public async Task NoBodyIsSentForAHeadRequestButItsLengthIs()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => { response.Body = "hello"; });
        app.Route("/next", (request, response) => { response.Body = "next"; });
        await using var client = new TestClient(app);

        var head = await client.HeadAsync("/");
        var next = await client.GetAsync("/next");

        Assert.Empty(head.Body);
        Assert.Equal("5", head.Headers["Content-Length"]);
        Assert.Equal("next", next.Text);
    }

    [Fact]
    public async Task NoChunksAreSentForAHeadRequestToAStreamedRoute()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => { response.Body = ResponseBody.FromChunks(Words()); });
        app.Route("/next", (request, response) => { response.Body = "next"; });
        await using var client = new TestClient(app);

        var head = await client.HeadAsync("/");
        var next = await client.GetAsync("/next");

        Assert.Equal("chunked", head.Headers["Transfer-Encoding"]);
        Assert.Empty(head.Body);
        Assert.Equal("next", next.Text);
    }

    [Fact]
    public async Task AHeadHandlerMayGiveTheLengthOfABodyItDoesNotMake()
    {
        var app = new RollApp();
        app.Route("/big", (request, response) =>
        {
            response.Headers["Content-Length"] = "1048576";
        }, methods: ["HEAD"]);
        await using var client = new TestClient(app);

        var response = await client.HeadAsync("/big");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["1048576"], response.Headers.GetValues("Content-Length"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task AContentLengthSetByAGetHandlerIsReplacedByTheBodysOwn()
    {
        var response = await GetAsync((request, response) =>
        {
            response.Headers["Content-Length"] = "999";
            response.Body = "four";
        });

        Assert.Equal(["4"], response.Headers.GetValues("Content-Length"));
        Assert.Equal("four", response.Text);
    }
}

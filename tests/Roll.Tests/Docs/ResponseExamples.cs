using System.Net;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of the response reference.</summary>
public class ResponseExamples
{
    // snippet: bodies
    [Fact]
    public async Task ABodyIsTextBytesAStreamOrChunks()
    {
        var app = new RollApp();
        app.Route("/text", (request, response) => response.Body = "Hello ✓");
        app.Route("/bytes", (request, response) =>
        {
            response.Headers["Content-Type"] = "image/png";
            response.Body = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        });
        app.Route("/stream", (request, response) => response.Body = new MemoryStream("streamed"u8.ToArray()));
        app.Route("/nothing", (request, response) => response.Status = HttpStatusCode.NoContent);
        await using var client = new TestClient(app);

        var text = await client.GetAsync("/text");
        Assert.Equal("text/plain; charset=utf-8", text.Headers["Content-Type"]);
        Assert.Equal("9", text.Headers["Content-Length"]);

        var bytes = await client.GetAsync("/bytes");
        Assert.Equal("image/png", bytes.Headers["Content-Type"]);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes.Body);

        var stream = await client.GetAsync("/stream");
        Assert.Equal("chunked", stream.Headers["Transfer-Encoding"]);
        Assert.Equal("streamed", stream.Text);

        var nothing = await client.GetAsync("/nothing");
        Assert.Null(nothing.Headers["Content-Length"]);
        Assert.Empty(nothing.Body);
    }
    // end-snippet

    // snippet: redirect
    [Fact]
    public async Task RedirectSetsLocationAndStatus()
    {
        var app = new RollApp();
        app.Route("/old", (request, response) => response.Redirect("/new"));
        app.Route("/gone-for-good", (request, response) => response.Redirect("https://example.org/", HttpStatusCode.MovedPermanently));
        await using var client = new TestClient(app);

        var found = await client.GetAsync("/old");
        var moved = await client.GetAsync("/gone-for-good");

        Assert.Equal(HttpStatusCode.Found, found.Status);
        Assert.Equal("/new", found.Headers["Location"]);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.Status);
        Assert.Equal("https://example.org/", moved.Headers["Location"]);
    }
    // end-snippet

    // snippet: cookies
    [Fact]
    public async Task ACookieCarriesEveryAttributeItIsGiven()
    {
        var app = new RollApp();
        app.Route("/login", (request, response) =>
        {
            response.Cookies.Set("session", "a b;c",
                maxAge: TimeSpan.FromHours(1),
                expires: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
                secure: true,
                httpOnly: true,
                path: "/",
                domain: "example.org",
                sameSite: SameSite.Strict);
            response.Cookies.Set("theme", "dark");
            response.Cookies.Delete("legacy");
        }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/login");

        Assert.Equal(
            [
                "session=a%20b%3Bc; expires=Tue, 01 Jan 2030 00:00:00 GMT; max-age=3600; domain=example.org; path=/; secure; samesite=strict; httponly",
                "theme=dark",
                "legacy=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0",
            ],
            response.SetCookies);
        Assert.Equal("a b;c", response.Cookies["session"]);
    }
    // end-snippet

    // snippet: headers
    [Fact]
    public async Task HeadersAreSetReplacedOrAdded()
    {
        var app = new RollApp();
        app.Route("/", (request, response) =>
        {
            response.Headers["X-Version"] = "1";
            response.Headers["x-version"] = "2";
            response.Headers.Add("Vary", "Accept");
            response.Headers.Add("Vary", "Cookie");
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(["2"], response.Headers.GetValues("X-Version"));
        Assert.Equal(["Accept", "Cookie"], response.Headers.GetValues("Vary"));
    }
    // end-snippet

    // snippet: header-injection
    [Fact]
    public void AHeaderValueCannotHoldALineBreakOrNonAscii()
    {
        var response = new Response();

        Assert.Throws<ArgumentException>(() => response.Headers["Location"] = "/next\r\nSet-Cookie: evil=1");
        Assert.Throws<ArgumentException>(() => response.Headers["Bad Name"] = "value");
        Assert.Throws<ArgumentException>(() => response.Headers["X-Name"] = "café");
    }
    // end-snippet

    [Fact]
    public async Task AResponseKeepsTheStatusItIsGivenAsANumber()
    {
        var app = new RollApp();
        app.Route("/", (request, response) =>
        {
            response.StatusCode = 202;
            response.Body = response.Status.ToString();
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.Equal("Accepted", response.Text);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BasicSample;
using BenchSample;
using CustomQuerySample;
using EchoSample;
using FormSample;
using FullAsyncSample;
using HtmlSample;
using JsonSample;
using NegotiationSample;
using StaticSample;
using StreamResponseSample;

namespace Roll.Kestrel.Tests;

// The samples' behaviours (tests/Roll.Samples.Tests, which run them over HTTP/1.1 on both engines) over HTTP/2,
// which only Kestrel speaks. Where HTTP/2 makes a difference by design, the test says so.
public class Http2SamplesTests
{
    [Theory, Http2]
    public async Task BasicAnswersHelloAndAllowsEveryOrigin(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(BasicApp.Create());

        using var response = await host.Http2Client(how).GetAsync("/hello/world");

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("Hello world", await response.Content.ReadAsStringAsync());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory, Http2]
    public async Task BasicErrorsAllowEveryOriginToo(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(BasicApp.Create());

        using var response = await host.Http2Client(how).GetAsync("/hello/foo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory, Http2]
    public async Task JsonAnswersTheDecodedParameter(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(JsonApp.Create());

        using var response = await host.Http2Client(how).GetAsync("/hello/Roll%20for%20.NET");

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"hello":"Roll for .NET"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory, Http2]
    public async Task FormLoginAnswersTheFields(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(FormApp.Create());
        var fields = new Dictionary<string, string> { ["username"] = "David", ["password"] = "123456" };

        using var response = await host.Http2Client(how).PostAsync("/login", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Username: `David` password: `123456`.", await response.Content.ReadAsStringAsync());
    }

    [Theory, Http2]
    public async Task FormAvatarUploadAnswersTheFileNameAndContent(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(FormApp.Create());
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("foo"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "avatar", "me.png");

        using var response = await host.Http2Client(how).PostAsync("/upload/avatar", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("me.png foo", await response.Content.ReadAsStringAsync());
    }

    [Theory, Http2("year", "month", "day")]
    public async Task CustomQueryMissingPartIsABadRequest(Http2 how, string missing)
    {
        await using var host = await KestrelHost.StartAsync(CustomQueryApp.Create());
        var parts = new[] { "year=2017", "month=9", "day=20" }.Where(part => !part.StartsWith(missing + "=", StringComparison.Ordinal));

        using var response = await host.Http2Client(how).GetAsync("/hello/?" + string.Join('&', parts));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"Missing '{missing}' key", await response.Content.ReadAsStringAsync());
    }

    [Theory, Http2]
    public async Task EchoAnswersTheBodyByteForByte(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        var body = new byte[100_000];
        new Random(7).NextBytes(body);

        using var response = await host.Http2Client(how).PostAsync("/", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory, Http2]
    public async Task EchoHeadAnswersTheLengthWithoutABody(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());

        using var response = await host.Http2Client(how).SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory, Http2]
    public async Task EchoAnswersTheHeadersTheAppSees(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Host = "echo.test";
        request.Headers.TryAddWithoutValidation("X-Roll", "rock, and roll");

        using var response = await host.Http2Client(how).SendAsync(request);

        // HTTP/2 sends names in lower case (RFC 9113 §8.2.1); Kestrel names the headers it knows in their usual
        // case (Host, from :authority) and leaves the others as sent. Over TLS the bridge states the scheme.
        var expected = "Host: echo.test\nx-roll: rock, and roll\n" + (how == Http2.Tls ? "X-Forwarded-Proto: https\n" : "");
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory, Http2]
    public async Task EchoAnswersEveryCookie(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(EchoApp.Create());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cookie");
        request.Headers.Add("Cookie", "flavour=chocolate; size=large; box=two%20dozen");

        using var response = await host.Http2Client(how).SendAsync(request);

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["box=two dozen", "flavour=chocolate", "size=large"], lines.Order());
    }

    [Theory, Http2]
    public async Task BenchSetsItsCookieAndReadsTheClients(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(BenchApp.Create());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello/full/with/foo/and/bar?query=foobar");
        request.Headers.Add("Cookie", "test=bench");

        using var response = await host.Http2Client(how).SendAsync(request);

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var expected = JsonNode.Parse("""{"parameters": "foo and bar", "query": "foobar", "cookie": "bench"}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(await response.Content.ReadAsStringAsync())));
        Assert.Equal(["bench=value"], response.Headers.GetValues("Set-Cookie"));
    }

    [Theory, Http2]
    public async Task FullAsyncStreamsAnUploadOfUnknownLengthBack(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(FullAsyncApp.Create());
        var body = new byte[300_000];
        new Random(11).NextBytes(body);
        // A stream of unknown length: HTTP/2 sends it in DATA frames without Content-Length, which the bridge
        // gives Roll's engine chunked; the answer streams back in DATA frames too (HTTP/2 has no chunked coding).
        var content = new StreamContent(new UnknownLengthStream(body));

        using var response = await host.Http2Client(how).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/fullasync") { Content = content },
            HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Content.Headers.NonValidated.Contains("Content-Length"));
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory, Http2]
    public async Task StreamResponseStreamsTheFileAsAnAttachment(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(StreamResponseApp.Create());
        var cheer = Path.Combine(Path.GetDirectoryName(typeof(Http2SamplesTests).Assembly.Location)!, "cheer.txt");

        using var response = await host.Http2Client(how).GetAsync("/cheer", HttpCompletionOption.ResponseHeadersRead);

        // Chunked on HTTP/1.1; on HTTP/2 a body of unknown length is simply DATA frames until END_STREAM.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.TransferEncodingChunked);
        Assert.False(response.Content.Headers.NonValidated.Contains("Content-Length"));
        Assert.Equal("attachment; filename=cheer.txt", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(cheer), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory, Http2]
    public async Task HtmlEscapesTheParameter(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(HtmlApp.Create());

        using var response = await host.Http2Client(how).GetAsync("/hello/%3Cscript%3Ealert(%22roll%22)&");

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("<p>&lt;script&gt;alert(&quot;roll&quot;)&amp;</p>", await response.Content.ReadAsStringAsync());
    }

    [Theory, Http2("text/html", "application/json", "image/png")]
    public async Task NegotiationAnswersWhatIsAccepted(Http2 how, string accept)
    {
        await using var host = await KestrelHost.StartAsync(NegotiationApp.Create());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await host.Http2Client(how).SendAsync(request);

        Assert.Equal(accept == "image/png" ? HttpStatusCode.NotAcceptable : HttpStatusCode.OK, response.StatusCode);
        if (accept != "image/png")
        {
            Assert.Equal(accept + "; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Theory, Http2]
    public async Task StaticServesTheStyleSheetAndNothingOutsideItsFolder(Http2 how)
    {
        await using var host = await KestrelHost.StartAsync(StaticApp.Create());
        var client = host.Http2Client(how);
        // The dot segments go as written: the bridge gives Roll the raw :path, which Roll checks itself.
        var outside = new Uri(client.BaseAddress + "static/../StaticApp.cs", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        using var css = await client.GetAsync("/static/css/site.css");
        using var escape = await client.GetAsync(outside);

        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType?.ToString());
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(StaticApp.Root, "css", "site.css")), await css.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, escape.StatusCode);
    }

    /// <summary>A stream that hides its length, so that HttpClient cannot send a Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

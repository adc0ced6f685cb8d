using System.Text;

namespace Roll.Tests.Server;

/// <summary>Requests RFC 9112 calls invalid: each is answered with an error and the connection closed, whether it comes at once or byte by byte.</summary>
public class StrictParsingTests
{
    public static TheoryData<string, string, int> Invalid => new()
    {
        { "conflicting Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400 },
        { "duplicate Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400 },
        { "Content-Length list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello", 400 },
        { "signed Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", 400 },
        { "Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "Transfer-Encoding not ending in chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400 },
        { "Transfer-Encoding without chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400 },
        { "chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400 },
        { "Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "unknown transfer coding before chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501 },
        { "obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n b\r\n\r\n", 400 },
        { "whitespace before the first header", "GET / HTTP/1.1\r\n Host: x\r\n\r\n", 400 },
        { "bare CR in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n", 400 },
        { "bare CR ending a line", "GET / HTTP/1.1\rHost: x\r\n\r\n", 400 },
        { "bare LF ending the request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", 400 },
        { "bare LF ending a header line", "GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", 400 },
        { "bare LF ending the head", "GET / HTTP/1.1\r\nHost: x\n\n", 400 },
        { "space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400 },
        { "header name not a token", "GET / HTTP/1.1\r\nHost: x\r\nX(y): 1\r\n\r\n", 400 },
        { "empty header name", "GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n", 400 },
        { "header line without a colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400 },
        { "NUL in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", 400 },
        { "method not a token", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "two spaces after the method", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "space after the version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400 },
        { "no version", "GET /\r\nHost: x\r\n\r\n", 400 },
        { "lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400 },
        { "version with two digits", "GET / HTTP/11\r\nHost: x\r\n\r\n", 400 },
        { "version not digits", "GET / HTTP/1.x\r\nHost: x\r\n\r\n", 400 },
        { "control character in the target", "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "non-ASCII byte in the target", "GET /\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "target neither origin nor absolute form", "GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "asterisk-form for GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "absolute-form with no valid scheme", "GET 1a://x/ HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "Content-Length beyond a 64-bit number", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400 },
        { "bad percent-encoding", "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "percent-encoded NUL", "GET /a%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "percent-encoded bytes that are not UTF-8", "GET /a%ff HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400 },
        { "two Host headers", "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400 },
        { "HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505 },
        { "HTTP/1.2", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505 },
        { "HTTP/0.9", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", 505 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task InvalidRequestIsAnsweredAndTheConnectionClosed(string what, string request, int status)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(request + "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        await AssertRefusedAsync(connection, what, status);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task InvalidRequestIsAnsweredTheSameWhenItComesOneByteAtATime(string what, string request, int status)
    {
        await using var connection = new RawConnection(App());

        await connection.SendByteByByteAsync(Encoding.Latin1.GetBytes(request));

        await AssertRefusedAsync(connection, what, status);
    }

    [Fact]
    public async Task HostCanBeLeftOutWhenTheAppSaysSo()
    {
        var app = App();
        app.Limits.RequireHostHeader = false;
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET / HTTP/1.1\r\n\r\n");

        Assert.Equal(200, (await connection.ReadResponseAsync()).Status);
    }

    private static async Task AssertRefusedAsync(RawConnection connection, string what, int status)
    {
        var response = await connection.ReadResponseAsync();
        Assert.True(response.Status == status, $"{what}: expected {status}, got:\n{response}");
        Assert.True(response.AsksToClose, $"{what}: {response}");
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/{path:any}", (request, response) => response.Body = "accepted", methods: ["GET", "POST"]);
        return app;
    }
}

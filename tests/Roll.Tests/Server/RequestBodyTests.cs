using System.Text;

namespace Roll.Tests.Server;

public class RequestBodyTests
{
    [Fact]
    public async Task ContentLengthBodyReachesTheHandler()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");

        Assert.Equal("hello world", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task ZeroContentLengthIsAnEmptyBody()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n!");
        var responses = await connection.ReadResponsesAsync(2);

        Assert.Equal(["", "!"], responses.Select(r => r.Text));
    }

    [Fact]
    public async Task ChunkedBodyReachesTheHandlerWithExtensionsAndTrailersSetAside()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "5;name=value;flag\r\nhello\r\n" +
            "6 ; q=\"a \\\"b\\\"\"\r\n world\r\n" +
            "0000\r\nTrailer-One: 1\r\nTrailer-Two: 2\r\n\r\n" +
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var responses = await connection.ReadResponsesAsync(2);

        Assert.Equal("hello world", responses[0].Text);
        Assert.Equal(string.Empty, responses[1].Text);
    }

    [Fact]
    public async Task ChunkSizeInUpperCaseHexIsRead()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n");

        Assert.Equal("0123456789", (await connection.ReadResponseAsync()).Text);
    }

    [Theory]
    [InlineData("oversized chunk size", "fffffffffffffffff\r\n")]
    [InlineData("chunk size not hex", "z\r\n")]
    [InlineData("no chunk size", "\r\nhello\r\n0\r\n\r\n")]
    [InlineData("chunk data not followed by CRLF", "5\r\nhelloXX0\r\n\r\n")]
    [InlineData("bare LF after chunk size", "5\nhello\r\n0\r\n\r\n")]
    [InlineData("space after chunk size without extension", "5 \r\nhello\r\n0\r\n\r\n")]
    [InlineData("extension without a name", "5;\r\nhello\r\n0\r\n\r\n")]
    [InlineData("extension with an unterminated quoted value", "5;a=\"b\r\nhello\r\n0\r\n\r\n")]
    [InlineData("trailer without a colon", "0\r\nTrailer\r\n\r\n")]
    [InlineData("trailer with a space in its name", "0\r\nBad Name: x\r\n\r\n")]
    [InlineData("trailer with a control character in its value", "0\r\nT: a\u0001b\r\n\r\n")]
    [InlineData("folded trailer", "0\r\nT: a\r\n b\r\n\r\n")]
    public async Task MalformedChunkedFramingIsRefusedAndTheConnectionClosed(string what, string body)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        var response = await connection.ReadResponseAsync();

        Assert.True(response.Status == 400, $"{what}: {response}");
        Assert.True(response.AsksToClose, what);
        await connection.AssertClosedAsync();
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n")]
    public async Task BodyCutShortByTheClientIsAnswered400(string request)
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(request);
        await connection.CloseSendingAsync();
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.Equal("The request body ended early", response.Text);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task BodyArrivingOneByteAtATimeIsWhole()
    {
        await using var connection = new RawConnection(App());

        await connection.SendByteByByteAsync(Encoding.ASCII.GetBytes(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n"));

        Assert.Equal("abcde", (await connection.ReadResponseAsync()).Text);
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = request.Body, methods: ["GET", "POST"]);
        return app;
    }
}

using System.Text;

namespace Roll.Tests.Server;

public class PipeliningTests
{
    private const string Batch =
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst" +
        "GET /echo?second HTTP/1.1\r\nHost: x\r\n\r\n" +
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nth\r\n3\r\nird\r\n0\r\nT: 1\r\n\r\n";

    private static readonly string[] s_answers = ["POST  first", "GET second ", "POST  third"];

    [Fact]
    public async Task AnswersComeInTheOrderOfTheRequests()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(Batch);
        var responses = await connection.ReadResponsesAsync(3);

        Assert.Equal(s_answers, responses.Select(r => r.Text));
    }

    [Fact]
    public async Task AnswersOfABatchAreFlushedTogether()
    {
        await using var connection = new RawConnection(App());

        await connection.SendAsync(Batch);
        var firstWrite = await connection.ReadOnceAsync();

        Assert.Equal(3, firstWrite.Split("HTTP/1.1 200 OK").Length - 1);
    }

    [Fact]
    public async Task AllAnswersArriveWhereverTheBatchIsCut()
    {
        var bytes = Encoding.ASCII.GetBytes(Batch);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            await using var connection = new RawConnection(App());

            await connection.SendInPiecesAsync(bytes, cut, Math.Min(cut + 37, bytes.Length));
            var responses = await connection.ReadResponsesAsync(3);

            Assert.Equal(s_answers, responses.Select(r => r.Text));
        }
    }

    [Fact]
    public async Task AllAnswersArriveWhenTheBatchComesOneByteAtATime()
    {
        await using var connection = new RawConnection(App());

        await connection.SendByteByByteAsync(Encoding.ASCII.GetBytes(Batch));
        var responses = await connection.ReadResponsesAsync(3);

        Assert.Equal(s_answers, responses.Select(r => r.Text));
    }

    [Theory]
    [InlineData("POST /echo?q HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbody", "POST q body")]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;a=\"b c\"\r\nbody\r\n0\r\nT: 1\r\n\r\n", "POST  body")]
    [InlineData("\r\nGET /echo?q HTTP/1.0\r\n\r\n", "GET q ")]
    public async Task EveryPrefixOfARequestFedByteByByteIsOnlyIncomplete(string request, string answer)
    {
        // Each prefix, then the client's half-close: the engine must find it cut short, never malformed,
        // so the incremental checks never refuse a valid request early.
        var bytes = Encoding.ASCII.GetBytes(request);
        for (var length = 0; length <= bytes.Length; length++)
        {
            await using var connection = new RawConnection(App());

            await connection.SendByteByByteAsync(bytes[..length]);
            await connection.CloseSendingAsync();
            var responses = await connection.ReadUntilClosedAsync();

            if (length == bytes.Length)
            {
                Assert.Equal(answer, Assert.Single(responses).Text);
            }
            else if (Encoding.ASCII.GetString(bytes, 0, length).Trim('\r', '\n').Length == 0)
            {
                Assert.Empty(responses);
            }
            else
            {
                var response = Assert.Single(responses);
                Assert.True(response.Status == 400 && response.Text.EndsWith("ended early", StringComparison.Ordinal),
                    $"Prefix of {length} bytes: {response}");
            }
        }
    }

    [Fact]
    public async Task ABatchLongerThanOneBufferIsAnsweredInOrder()
    {
        // About 40 KB in one write: the engine's buffer holds it in several segments, and heads span their joins.
        var count = 500;
        var batch = string.Concat(Enumerable.Range(0, count).Select(i =>
            $"{(i % 7 == 0 ? "\r\n" : "")}GET /echo?{i} HTTP/1.1\r\nHost: x\r\nCookie: n={new string('c', i % 61)}\r\n\r\n"));
        await using var connection = new RawConnection(App());

        await connection.SendAsync(batch);
        var responses = await connection.ReadResponsesAsync(count);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"GET {i} "), responses.Select(r => r.Text));
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/echo", (request, response) =>
            response.Body = $"{request.Method} {request.QueryString} {Encoding.UTF8.GetString(request.Body)}", methods: ["GET", "POST"]);
        return app;
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Roll.Server;

namespace Roll.Tests.Server;

public class BufferedBodyTests
{
    private const int Threshold = 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyLargerThanTheThresholdIsKeptInATemporaryFileDeletedOnceAnswered(bool chunked)
    {
        string? path = null;
        var app = App();
        app.Route("/", (request, response) =>
        {
            path = request.BodyFilePath;
            Assert.NotNull(path);
            Assert.True(File.Exists(path), "The body's temporary file is not there while the handler runs.");
            using var stream = request.OpenBody();
            response.Body = $"{request.BodyLength} {Convert.ToHexString(SHA256.HashData(stream))}";
        }, methods: ["POST"]);
        await using var connection = new RawConnection(app);
        var body = Body(50_000);

        await connection.SendAsync(Request(body, chunked));
        var response = await connection.ReadResponseAsync();

        Assert.Equal($"50000 {Convert.ToHexString(SHA256.HashData(body))}", response.Text);
        Assert.False(File.Exists(path), "The body's temporary file outlived the request.");
    }

    [Fact]
    public async Task BodyAtTheThresholdStaysInMemory()
    {
        var app = App();
        app.Route("/", (request, response) =>
            response.Body = $"{request.BodyFilePath is null} {request.Body.Length}", methods: ["POST"]);
        await using var connection = new RawConnection(app);

        await connection.SendAsync(Request(Body(Threshold), chunked: true));

        Assert.Equal($"True {Threshold}", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task BodyInATemporaryFileReadsTheSameThroughEveryWay()
    {
        var app = App();
        app.Route("/", async (request, response) =>
        {
            using var first = request.OpenBody();
            using var second = request.OpenBody();
            first.Seek(10, SeekOrigin.Begin);
            var chunks = new MemoryStream();
            await foreach (var chunk in request.ReadChunksAsync())
            {
                chunks.Write(chunk.Span);
            }
            var same = SHA256.HashData(second).AsSpan().SequenceEqual(SHA256.HashData(request.Body))
                && chunks.ToArray().AsSpan().SequenceEqual(request.Body) && first.ReadByte() == request.Body[10];
            response.Body = $"{same} {request.IsBodyLazy}";
        }, methods: ["POST"]);
        await using var connection = new RawConnection(app);

        await connection.SendAsync(Request(Body(20_000), chunked: true));

        Assert.Equal("True False", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task BodyInATemporaryFileCanBeSentBackAsTheAnswer()
    {
        var app = App();
        app.Route("/", (request, response) => response.Body = request.OpenBody(), methods: ["POST"]);
        await using var connection = new RawConnection(app);
        var body = Body(30_000);

        await connection.SendAsync(Request(body, chunked: false));

        Assert.Equal(Encoding.ASCII.GetString(body), (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task ContentLengthOverTheLimitIsAnswered413WithoutWaitingForTheBody()
    {
        var app = App();
        app.Route("/", (request, response) => response.Body = "read", methods: ["POST"]);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(413, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task TemporaryFileIsDeletedWhenTheHandlerFails()
    {
        string? path = null;
        var app = App();
        app.Route("/", (request, response) =>
        {
            path = request.BodyFilePath;
            throw new InvalidOperationException("broken");
        }, methods: ["POST"]);
        await using var connection = new RawConnection(app);

        await connection.SendAsync(Request(Body(5000), chunked: false));

        Assert.Equal(500, (await connection.ReadResponseAsync()).Status);
        Assert.NotNull(path);
        Assert.False(File.Exists(path), "The body's temporary file outlived a failed request.");
    }

    [Fact]
    public async Task TemporaryFileIsDeletedWhenTheClientLeavesDuringTheRequest()
    {
        var entered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = App();
        app.Route("/", async (request, response) =>
        {
            entered.SetResult(request.BodyFilePath!);
            await release.Task;
        }, methods: ["POST"]);
        var connection = new RawConnection(app);
        await connection.SendAsync(Request(Body(5000), chunked: false));
        var path = await entered.Task.WaitAsync(RawConnection.Patience);
        Assert.True(File.Exists(path));

        var leaving = connection.DisposeAsync().AsTask();
        release.SetResult();
        await leaving;

        Assert.False(File.Exists(path), "The body's temporary file outlived its connection.");
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIsRefusedBeforeMoreThanOneReadPastTheLimit()
    {
        var requests = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        var body = new BodyReader(requests.Reader, new Pipe().Writer, () => ValueTask.CompletedTask);
        var head = new RequestHead();
        head.Reset(0);
        head.IsHttp11 = true;
        head.Chunked = true;
        body.Reset(head, new ServerLimits());
        var chunk = Encoding.ASCII.GetBytes($"1000\r\n{new string('a', 4096)}\r\n");
        for (var i = 0; i < 256; i++)
        {
            requests.Writer.Write(chunk);
        }
        await requests.Writer.FlushAsync();

        var refused = await Assert.ThrowsAsync<HttpError>(() => body.BufferAsync(limit: 100_000, contentLength: -1, memoryThreshold: Threshold).AsTask());

        Assert.Equal(413, (int)refused.Status);
        Assert.True(body.Faulted, "A connection whose body was cut short can carry no other request.");
        body.Release();
        Assert.True(requests.Reader.TryRead(out var left));
        var taken = 256L * chunk.Length - left.Buffer.Length;
        Assert.InRange(taken, 100_000, 100_000 + 2 * chunk.Length);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIsAnswered413AndTheConnectionClosed()
    {
        var app = App();
        app.Limits.MaxRequestBodySize = 10_000;
        app.Route("/", (request, response) => response.Body = "read", methods: ["POST"]);
        await using var connection = new RawConnection(app);

        await connection.SendAsync(Request(Body(20_000), chunked: true));
        var response = await connection.ReadResponseAsync();

        Assert.Equal(413, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Limits.RequestBodyMemoryThreshold = Threshold;
        return app;
    }

    private static byte[] Body(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();

    private static byte[] Request(byte[] body, bool chunked)
    {
        var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: x\r\n"));
        if (!chunked)
        {
            request.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            request.Write(body);
            return request.ToArray();
        }
        request.Write("Transfer-Encoding: chunked\r\n\r\n"u8);
        foreach (var piece in body.Chunk(3000))
        {
            request.Write(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n"));
            request.Write(piece);
            request.Write("\r\n"u8);
        }
        request.Write("0\r\n\r\n"u8);
        return request.ToArray();
    }
}

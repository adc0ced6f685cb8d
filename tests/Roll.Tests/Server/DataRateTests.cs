using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Roll.Server;

namespace Roll.Tests.Server;

/// <summary>Rates are checked by the once-a-second heartbeat, so each test here sets a one-second grace and takes two or three seconds.</summary>
public class DataRateTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodySlowerThanTheMinimumRateIsAnswered408AndClosed(bool lazy)
    {
        var app = App();
        app.Route("/", async (request, response) =>
        {
            await request.ReadAsync();
            response.Body = "read";
        }, methods: ["POST"], lazyBody: lazy);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nonly ten b");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.True(response.AsksToClose);
        await connection.AssertClosedAsync();
    }

    [Fact]
    public async Task TimeTheHandlerSpendsElsewhereDoesNotCountAgainstTheBodyRate()
    {
        var app = App();
        app.Route("/", async (request, response) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            response.Body = $"{(await request.ReadAsync()).Length}";
        }, methods: ["POST"], lazyBody: true);
        await using var connection = new RawConnection(app);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");

        Assert.Equal("5", (await connection.ReadResponseAsync()).Text);
    }

    [Fact]
    public async Task ClientThatStopsReadingItsAnswersIsDisconnectedAfterTheGrace()
    {
        var app = App();
        var log = new WaitingLogger("slower than");
        app.Logger = log;
        var answer = new byte[1024 * 1024];
        app.Route("/big", (request, response) => response.Body = answer);
        await using var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.ReceiveBufferSize = 64 * 1024;
        await client.ConnectAsync(server.EndPoints[0]);

        // Thirty megabytes of answers: more than the kernel's buffers hold, so the server's writes wait.
        await client.SendAsync(string.Concat(Enumerable.Repeat("GET /big HTTP/1.1\r\nHost: x\r\n\r\n", 30)).Select(c => (byte)c).ToArray());

        await log.Seen.WaitAsync(RawConnection.Patience);
        var drained = new byte[1024 * 1024];
        long received = 0;
        try
        {
            int read;
            while ((read = await client.ReceiveAsync(drained, SocketFlags.None).WaitAsync(RawConnection.Patience)) > 0)
            {
                received += read;
            }
        }
        catch (SocketException)
        {
            // A reset: the server closed with requests of the client still unread.
        }
        Assert.True(received < 30L * answer.Length, "The client got every answer: the connection was not cut.");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(240, 0.5)]
    public void RateThatCannotBeCheckedIsRefused(double bytesPerSecond, double graceSeconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinDataRate(bytesPerSecond, TimeSpan.FromSeconds(graceSeconds)));
    }

    private static RollApp App()
    {
        var app = new RollApp();
        app.Limits.RequestBodyTimeout = TimeSpan.FromMinutes(1);
        app.Limits.MinRequestBodyDataRate = new MinDataRate(1000, TimeSpan.FromSeconds(1));
        app.Limits.MinResponseDataRate = new MinDataRate(100_000, TimeSpan.FromSeconds(1));
        return app;
    }

    private sealed class WaitingLogger(string awaited) : ILogger
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains(awaited, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }
}

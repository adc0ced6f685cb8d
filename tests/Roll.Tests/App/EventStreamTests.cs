using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Roll.Testing;
using Roll.Tests.Extensions;
using Roll.Tests.Server;

namespace Roll.Tests.App;

public class EventStreamTests
{
    private static readonly TimeSpan s_patience = RawConnection.Patience;

    private static async IAsyncEnumerable<SseItem<string>> Ticks(int from, SemaphoreSlim? gate = null)
    {
        for (var n = from; n <= 5; n++)
        {
            if (gate is not null)
            {
                await gate.WaitAsync(s_patience);
            }
            else
            {
                await Task.Yield();
            }
            yield return new SseItem<string>(n.ToString(), "tick") { EventId = n.ToString() };
        }
    }

    /// <summary>Reads one event (up to its blank line) from a text reader: its lines, sorted.</summary>
    private static async Task<string> ReadEventAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync().WaitAsync(s_patience) is { Length: > 0 } line)
        {
            lines.Add(line);
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join('|', lines);
    }

    [Fact]
    public async Task AStreamOfEventsIsServedAsTextEventStreamAndEndsCleanly()
    {
        var app = new RollApp();
        app.Route("/events", (request, response) => response.EventStream(Ticks(1)));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/events");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/event-stream", response.Headers["Content-Type"]);
        Assert.Equal("no-cache", response.Headers["Cache-Control"]);
        Assert.True(response.IsChunked);
        Assert.Equal(string.Concat(Enumerable.Range(1, 5).Select(n => $"event: tick\ndata: {n}\nid: {n}\n\n")), response.Text);
    }

    [Fact]
    public async Task TheLastEventIdTheClientSendsReachesTheHandler()
    {
        var app = new RollApp();
        app.Route("/events", (request, response) => response.EventStream(Ticks(int.Parse(request.LastEventId ?? "0") + 1)));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/events", new Dictionary<string, string> { ["Last-Event-ID"] = "3" });

        Assert.Equal("event: tick\ndata: 4\nid: 4\n\nevent: tick\ndata: 5\nid: 5\n\n", response.Text);
    }

    [Fact]
    public async Task DataCanBeJsonThroughGeneratedTypeInfo()
    {
        var app = new RollApp();
        app.Route("/events", (request, response) => response.EventStream(Items(), AppJsonContext.Default.Item));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/events");

        Assert.Equal("data: {\"name\":\"pen\",\"quantity\":2}\n\n", response.Text);

        static async IAsyncEnumerable<SseItem<Item>> Items()
        {
            await Task.Yield();
            yield return new SseItem<Item>(new Item("pen", 2));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task EventsArriveOneByOneThroughCompression(string? encoding)
    {
        using var gate = new SemaphoreSlim(0);
        var app = new RollApp();
        app.Compression();
        app.Route("/events", (request, response) => response.EventStream(Ticks(1, gate)));
        await using var client = await LiveClient.StartAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        if (encoding is not null)
        {
            request.Headers.Add("Accept-Encoding", encoding);
        }

        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.SingleOrDefault());
        var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(encoding is null ? body : Decompress.Open(body, encoding));
        for (var n = 1; n <= 5; n++)
        {
            // The next event is made only once this one has been read: they can only all arrive one by one.
            gate.Release();
            Assert.Equal($"data: {n}|event: tick|id: {n}", await ReadEventAsync(reader));
        }
        Assert.Null(await reader.ReadLineAsync().WaitAsync(s_patience));
    }

    [Fact]
    public async Task AHeartbeatCommentGoesOutWhileTheSourceIsIdle()
    {
        using var gate = new SemaphoreSlim(0);
        var app = new RollApp();
        app.Route("/events", (request, response) => response.EventStream(Ticks(5, gate), heartbeat: TimeSpan.FromMilliseconds(50)));
        await using var client = await LiveClient.StartAsync(app);

        using var response = await client.Http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(": heartbeat", await ReadEventAsync(reader));
        Assert.Equal(": heartbeat", await ReadEventAsync(reader));
        gate.Release();
        var next = await ReadEventAsync(reader);
        while (next == ": heartbeat")
        {
            next = await ReadEventAsync(reader);
        }
        Assert.Equal("data: 5|event: tick|id: 5", next);
    }

    [Fact]
    public async Task TheClientGoingAwayCancelsTheSourceAndEndsTheConnection()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Route("/events", (request, response) => response.EventStream(Endless(cancelled)));
        await using var connection = new RawConnection(app);

        await connection.SendAsync("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Contains("data: 1", await connection.ReadOnceAsync());
        await connection.CloseSendingAsync();

        await cancelled.Task.WaitAsync(s_patience);
        await connection.Served.WaitAsync(s_patience);
    }

    [Fact]
    public async Task ASocketClosedByTheClientCancelsTheSource()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RollApp();
        app.Compression();
        app.Route("/events", (request, response) => response.EventStream(Endless(cancelled), heartbeat: TimeSpan.FromSeconds(30)));
        await using var client = await LiveClient.StartAsync(app);
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, client.Port);
            await socket.SendAsync("GET /events HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n"u8.ToArray());
            var buffer = new byte[4096];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(s_patience);
            Assert.Contains("Content-Encoding: br", Encoding.Latin1.GetString(buffer, 0, read));
        }

        await cancelled.Task.WaitAsync(s_patience);
    }

    private static async IAsyncEnumerable<SseItem<string>> Endless(TaskCompletionSource cancelled,
        [EnumeratorCancellation] CancellationToken aborted = default)
    {
        yield return new SseItem<string>("1");
        try
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }
        finally
        {
            if (aborted.IsCancellationRequested)
            {
                cancelled.SetResult();
            }
        }
        yield return new SseItem<string>("never");
    }
}

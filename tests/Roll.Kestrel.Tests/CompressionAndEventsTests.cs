using System.IO.Compression;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Roll.Kestrel.Tests;

// Compression and server-sent events through the bridge: Kestrel carries Roll's compressed bytes and flushes as Roll does.
public class CompressionAndEventsTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);
    private static readonly string s_items = "[" + string.Join(",", Enumerable.Range(1, 200).Select(n => $"{{\"id\":{n},\"name\":\"item {n}\"}}")) + "]";

    private static RollApp App(SemaphoreSlim? gate = null, TaskCompletionSource? cancelled = null)
    {
        var app = new RollApp();
        app.Compression();
        app.Route("/items", (request, response) =>
        {
            response.Headers["Content-Type"] = "application/json";
            response.Body = s_items;
        });
        app.Route("/chunks", (request, response) => response.Body = ResponseBody.FromChunks(Chunks()));
        app.Route("/events", (request, response) => response.EventStream(Ticks(gate!, cancelled)));
        return app;
    }

    private static async IAsyncEnumerable<string> Chunks()
    {
        foreach (var part in s_items.Chunk(700))
        {
            await Task.Yield();
            yield return new string(part);
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> Ticks(SemaphoreSlim gate, TaskCompletionSource? cancelled,
        [EnumeratorCancellation] CancellationToken aborted = default)
    {
        for (var n = 1; n <= 5 || cancelled is not null; n++)
        {
            try
            {
                await gate.WaitAsync(aborted);
            }
            catch (OperationCanceledException) when (cancelled is not null)
            {
                cancelled.SetResult();
                throw;
            }
            yield return new SseItem<string>(n.ToString(), "tick") { EventId = n.ToString() };
        }
    }

    private static Stream Decoder(Stream compressed, string encoding)
        => encoding == "br" ? new BrotliStream(compressed, CompressionMode.Decompress) : new GZipStream(compressed, CompressionMode.Decompress);

    private static async Task<string> GetDecodedAsync(HttpClient client, string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Encoding", encoding);
        using var response = await client.SendAsync(request);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        using var reader = new StreamReader(Decoder(await response.Content.ReadAsStreamAsync(), encoding));
        return await reader.ReadToEndAsync();
    }

    [Theory]
    [InlineData("/items", "br")]
    [InlineData("/items", "gzip")]
    [InlineData("/chunks", "br")]
    [InlineData("/chunks", "gzip")]
    public async Task CompressedAnswersDecodeToTheOriginalOverHttp1(string path, string encoding)
    {
        await using var host = await KestrelHost.StartAsync(App());

        Assert.Equal(s_items, await GetDecodedAsync(host.Http1Client(), path, encoding));
    }

    [Theory, Http2("br", "gzip")]
    public async Task CompressedAnswersDecodeToTheOriginalOverHttp2(Http2 how, string encoding)
    {
        await using var host = await KestrelHost.StartAsync(App());

        Assert.Equal(s_items, await GetDecodedAsync(host.Http2Client(how), "/items", encoding));
        Assert.Equal(s_items, await GetDecodedAsync(host.Http2Client(how), "/chunks", encoding));
    }

    [Theory]
    [InlineData(false, "br")]
    [InlineData(false, "gzip")]
    [InlineData(true, "br")]
    public async Task EventsArriveOneByOneThroughCompression(bool http2, string encoding)
    {
        using var gate = new SemaphoreSlim(0);
        await using var host = await KestrelHost.StartAsync(App(gate));
        var client = http2 ? host.Http2Client(Http2.PriorKnowledge) : host.Http1Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add("Accept-Encoding", encoding);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(s_patience);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(Decoder(await response.Content.ReadAsStreamAsync(), encoding));
        for (var n = 1; n <= 5; n++)
        {
            // Event n+1 is made only once event n has been read: they can only arrive one by one.
            gate.Release();
            var lines = new List<string>();
            while (await reader.ReadLineAsync().WaitAsync(s_patience) is { Length: > 0 } line)
            {
                lines.Add(line);
            }
            Assert.Equal(["data: " + n, "event: tick", "id: " + n], lines.Order(StringComparer.Ordinal));
        }
        Assert.Null(await reader.ReadLineAsync().WaitAsync(s_patience));
    }

    [Fact]
    public async Task AClientGoingAwayCancelsTheSource()
    {
        using var gate = new SemaphoreSlim(0);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await KestrelHost.StartAsync(App(gate, cancelled));
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(host.Http1);
            await socket.SendAsync("GET /events HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"u8.ToArray());
            gate.Release();
            var buffer = new byte[4096];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(s_patience);
            Assert.Contains("content-encoding: gzip", Encoding.Latin1.GetString(buffer, 0, read), StringComparison.OrdinalIgnoreCase);
        }

        await cancelled.Task.WaitAsync(s_patience);
    }
}

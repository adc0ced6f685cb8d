using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Roll;

/// <summary>Server-sent events: a response streamed as <c>text/event-stream</c>, one event per item, written by <see cref="SseFormatter"/>.</summary>
public static class EventStreamExtensions
{
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    /// <summary>Streams text events: each item's data, event type, id and retry, as the client's EventSource reads them.</summary>
    /// <param name="response">The response to stream.</param>
    /// <param name="items">The events; enumerated with <see cref="Request.Aborted"/> as the token, so that a source marked <c>[EnumeratorCancellation]</c> stops when the client goes away.</param>
    /// <param name="heartbeat">When set, a comment line every such interval, which keeps proxies and the browser from timing out an idle stream.</param>
    public static void EventStream(this Response response, IAsyncEnumerable<SseItem<string>> items, TimeSpan? heartbeat = null)
        => EventStream(response, items, static (item, writer) => WriteText(item.Data, writer), heartbeat);

    /// <summary>Streams events whose data is each item's value as JSON, trimming-safe through its generated type info.</summary>
    /// <param name="response">The response to stream.</param>
    /// <param name="items">The events; enumerated with <see cref="Request.Aborted"/> as the token.</param>
    /// <param name="typeInfo">How to serialise the data (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="heartbeat">When set, a comment line every such interval.</param>
    public static void EventStream<T>(this Response response, IAsyncEnumerable<SseItem<T>> items, JsonTypeInfo<T> typeInfo, TimeSpan? heartbeat = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        EventStream(response, items, (item, writer) =>
        {
            using var json = new Utf8JsonWriter(writer);
            JsonSerializer.Serialize(json, item.Data, typeInfo);
        }, heartbeat);
    }

    /// <summary>Streams events whose data <paramref name="formatter"/> writes (as UTF-8) from each item.</summary>
    /// <param name="response">The response to stream.</param>
    /// <param name="items">The events; enumerated with <see cref="Request.Aborted"/> as the token.</param>
    /// <param name="formatter">Writes an item's data; a line break in it makes several <c>data:</c> lines, which the client joins back.</param>
    /// <param name="heartbeat">When set, a comment line every such interval.</param>
    public static void EventStream<T>(this Response response, IAsyncEnumerable<SseItem<T>> items, Action<SseItem<T>, IBufferWriter<byte>> formatter,
        TimeSpan? heartbeat = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(formatter);
        if (heartbeat is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(heartbeat), heartbeat, "The heartbeat interval must be positive, as in TimeSpan.FromSeconds(15).");
        }
        response.Headers["Content-Type"] = "text/event-stream";
        response.Headers["Cache-Control"] = "no-cache";
        // nginx buffers what it proxies unless told otherwise, which would hold the events back.
        response.Headers["X-Accel-Buffering"] = "no";
        response.Body = ResponseBody.FromChunks(WriteAsync(items, formatter, heartbeat, response.Request.Aborted));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> WriteAsync<T>(IAsyncEnumerable<SseItem<T>> items,
        Action<SseItem<T>, IBufferWriter<byte>> formatter, TimeSpan? heartbeat, [EnumeratorCancellation] CancellationToken aborted = default)
    {
        var buffer = new MemoryStream();
        var enumerator = items.GetAsyncEnumerator(aborted);
        using var timer = heartbeat is { } interval ? new PeriodicTimer(interval) : null;
        Task<bool>? tick = null;
        try
        {
            while (true)
            {
                var next = enumerator.MoveNextAsync();
                if (timer is not null && !next.IsCompleted)
                {
                    var pending = next.AsTask();
                    while (true)
                    {
                        tick ??= timer.WaitForNextTickAsync(aborted).AsTask();
                        if (await Task.WhenAny(pending, tick).ConfigureAwait(false) == pending)
                        {
                            break;
                        }
                        tick = null;
                        if (aborted.IsCancellationRequested)
                        {
                            // The source has the same token: it ends (below) rather than be disposed while it waits.
                            break;
                        }
                        yield return s_heartbeat;
                    }
                    next = new ValueTask<bool>(pending);
                }
                bool more;
                try
                {
                    more = await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    // The client went away: the source stopped as asked, and the stream ends without an error.
                    yield break;
                }
                if (!more)
                {
                    yield break;
                }
                buffer.SetLength(0);
                await SseFormatter.WriteAsync(One(enumerator.Current), buffer, formatter, CancellationToken.None).ConfigureAwait(false);
                yield return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<SseItem<T>> One<T>(SseItem<T> item)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return item;
    }

    private static void WriteText(string? text, IBufferWriter<byte> writer)
    {
        if (!string.IsNullOrEmpty(text))
        {
            System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, text, writer);
        }
    }
}

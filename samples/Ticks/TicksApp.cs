using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Roll;

namespace TicksSample;

/// <summary>Compressed JSON and server-sent events: the how-tos "compress responses" and "send server-sent events".</summary>
public static class TicksApp
{
    /// <summary>The app: <c>/items</c> (200 objects, compressed when accepted) and <c>/events</c> (five ticks, 100 ms apart).</summary>
    public static RollApp Create()
    {
        var app = new RollApp();
        // snippet: compression
        app.Compression(new CompressionOptions { MinimumSize = 1024 });
        // end-snippet
        var items = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(1, 200).Select(n => $"{{\"id\": {n}, \"name\": \"item {n}\"}}")) + "]");
        app.Route("/items", (request, response) =>
        {
            response.Headers["Content-Type"] = "application/json";
            response.Body = items;
        });
        // snippet: events
        app.Route("/events", (request, response) =>
        {
            // An EventSource that reconnects says which event it saw last.
            var from = int.TryParse(request.LastEventId, out var last) ? last + 1 : 1;
            response.EventStream(Ticks(from), heartbeat: TimeSpan.FromSeconds(15));
        });
        // end-snippet
        return app;
    }

    // snippet: ticks
    private static async IAsyncEnumerable<SseItem<string>> Ticks(int from, [EnumeratorCancellation] CancellationToken aborted = default)
    {
        for (var n = from; n <= 5; n++)
        {
            // The token is request.Aborted: the wait ends when the client goes away.
            await Task.Delay(100, aborted);
            yield return new SseItem<string>(n.ToString(), "tick") { EventId = n.ToString() };
        }
    }
    // end-snippet
}

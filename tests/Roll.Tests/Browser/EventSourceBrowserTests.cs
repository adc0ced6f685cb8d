using System.Net.ServerSentEvents;
using Roll.Testing;

namespace Roll.Tests.Browser;

[Trait("Category", "System")]
public class EventSourceBrowserTests
{
    private const string Page = """
        <!doctype html>
        <title>ticks</title>
        <script>
          window.ticks = [];
          const source = new EventSource('/events');
          source.addEventListener('tick', event => {
            window.ticks.push(event.lastEventId + ':' + event.data);
            if (window.ticks.length === 5) { source.close(); }
          });
        </script>
        """;

    [ChromiumFact]
    public async Task ABrowsersEventSourceReceivesTheTicksInOrderThroughCompression()
    {
        string? sentEncoding = null;
        var app = new RollApp();
        app.Compression();
        app.OnResponse((request, response) =>
        {
            if (request.Path == "/events")
            {
                sentEncoding = response.Headers["Content-Encoding"];
            }
        });
        app.Route("/", (request, response) =>
        {
            response.Headers["Content-Type"] = "text/html; charset=utf-8";
            response.Body = Page;
        });
        app.Route("/events", (request, response) => response.EventStream(Ticks()));
        // The browser asks for one: a 404 would count as a page error.
        app.Route("/favicon.ico", (request, response) => response.Status = System.Net.HttpStatusCode.NoContent);
        await using var client = await LiveClient.StartAsync(app);
        await using var browser = await Chromium.StartAsync();

        var page = await browser.OpenAsync(client.BaseAddress.ToString());
        await page.WaitForAsync("window.ticks && window.ticks.length === 5", TimeSpan.FromSeconds(20));

        Assert.Equal("1:1,2:2,3:3,4:4,5:5", (string?)await page.EvaluateAsync("window.ticks.join(',')"));
        Assert.Contains(sentEncoding, new[] { "br", "gzip" });
        Assert.True(page.Errors.Count == 0, string.Join('\n', page.Errors));
    }

    private static async IAsyncEnumerable<SseItem<string>> Ticks()
    {
        for (var n = 1; n <= 5; n++)
        {
            await Task.Delay(100);
            yield return new SseItem<string>(n.ToString(), "tick") { EventId = n.ToString() };
        }
    }
}

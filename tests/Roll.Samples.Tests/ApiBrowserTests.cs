using System.Text.Json.Nodes;
using ApiSample;
using Roll.Testing;
using Roll.Tests.Browser;

namespace Samples.Tests;

/// <summary>The Api sample's event stream read by a real browser's EventSource, through the compression extension.</summary>
[Trait("Category", "System")]
public class ApiBrowserTests
{
    private const string Secret = "the Api sample's browser secret, long enough to sign";

    [ChromiumFact]
    public async Task AnEventSourceReceivesTheFiveTicksInOrder()
    {
        await using var client = await LiveClient.StartAsync(ApiApp.Create([Secret]));
        await using var browser = await Chromium.StartAsync();
        var page = await browser.OpenAsync(new Uri(client.BaseAddress, "/items/1").ToString());

        await page.EvaluateAsync("""
            window.ticks = [];
            window.source = new EventSource('/events');
            source.addEventListener('tick', event => {
              ticks.push(event.lastEventId + ':' + event.data);
              if (ticks.length === 5) { source.close(); }
            });
            """);
        await page.WaitForAsync("window.ticks.length === 5", TimeSpan.FromSeconds(20));
        var ticks = (JsonArray)(await page.EvaluateAsync("window.ticks"))!;

        Assert.Equal(["1:1", "2:2", "3:3", "4:4", "5:5"], ticks.Select(tick => tick!.GetValue<string>()));
        // The page's own 404 (the browser asks for /favicon.ico) is not the stream's business.
        Assert.DoesNotContain(page.Errors, error => error.Contains("/events", StringComparison.Ordinal));
    }
}

/// <summary>A fact skipped, with the reason, where Chromium is not installed (.ci/run installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}

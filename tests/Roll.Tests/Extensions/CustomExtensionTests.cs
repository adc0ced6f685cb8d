using Roll.Testing;

namespace Roll.Tests.Extensions;

// snippet: custom-extension
/// <summary>An extension of our own: a Server-Timing header on every answer, saying how long the app took.</summary>
public static class ServerTimingExtensions
{
    /// <summary>Adds <c>Server-Timing: app;dur=MILLISECONDS</c> to every response, errors included.</summary>
    public static void ServerTiming(this RollApp app, string metric = "app")
    {
        app.OnHeaders((request, response) =>
        {
            request["server-timing:start"] = System.Diagnostics.Stopwatch.GetTimestamp();
        });
        app.OnResponse((request, response) =>
        {
            if (request["server-timing:start"] is long start)
            {
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
                response.Headers["Server-Timing"] = $"{metric};dur={elapsed.TotalMilliseconds:F1}";
            }
        });
    }
}
// end-snippet

public class CustomExtensionTests
{
    // snippet: custom-extension-use
    [Fact]
    public async Task AnExtensionListensToEventsOfTheApp()
    {
        var app = new RollApp();
        app.ServerTiming(metric: "roll");
        app.Route("/hello", (request, response) => response.Body = "hello");
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/hello");

        Assert.Matches(@"^roll;dur=\d+\.\d$", response.Headers["Server-Timing"]);
    }
    // end-snippet

    [Fact]
    public async Task UnknownPathsAreTimedToo()
    {
        var app = new RollApp();
        app.ServerTiming();
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/nowhere");

        Assert.StartsWith("app;dur=", response.Headers["Server-Timing"]);
    }
}

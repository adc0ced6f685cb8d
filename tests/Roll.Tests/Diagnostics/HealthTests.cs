using System.Diagnostics;
using System.Net;
using Roll.Server;
using Roll.Testing;

namespace Roll.Tests.Diagnostics;

public class HealthTests
{
    [Fact]
    public async Task LivenessAndReadinessAnswer200WhileTheAppServes()
    {
        var app = new RollApp();
        app.Health();
        await using var client = new TestClient(app);

        var live = await client.GetAsync("/health");
        var ready = await client.GetAsync("/ready");

        Assert.Equal((HttpStatusCode.OK, "live"), (live.Status, live.Text));
        Assert.Equal((HttpStatusCode.OK, "ready"), (ready.Status, ready.Text));
        Assert.Equal("no-store", ready.Headers["Cache-Control"]);
    }

    [Fact]
    public async Task ReadinessSaysWhatTheAppsOwnCheckSays()
    {
        var app = new RollApp();
        var databaseUp = false;
        app.Health(livePath: "/live", readyPath: "/readyz", ready: () => Task.FromResult(databaseUp));
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).Status);
        databaseUp = true;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/live")).Status);
    }

    // snippet: health
    [Fact]
    public async Task ReadinessTurns503WhenAGracefulStopBeginsWhileLivenessStays200()
    {
        var app = new RollApp();
        app.Health(livePath: "/health", readyPath: "/ready");
        // Holds the stop at its start, as a drain delay would, until the test has asked.
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.OnStopping(async () =>
        {
            stopping.SetResult();
            await release.Task;
        });
        var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{server.EndPoints[0]}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);

        var stop = server.StopAsync();
        await stopping.Task;
        var ready = await http.GetAsync("/ready");
        var live = await http.GetAsync("/health");
        release.SetResult();
        await stop;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("stopping", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
    // end-snippet

    [Fact]
    public async Task TheDrainDelayKeepsTheServerAcceptingWhileItAnswers503()
    {
        var app = new RollApp();
        var delay = TimeSpan.FromMilliseconds(500);
        app.Health(drainDelay: delay);
        var server = new RollServer(app);
        server.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{server.EndPoints[0]}") };
        // A connection open before the stop, as a load balancer's would be: it is served until the drain ends.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);
        var started = Stopwatch.StartNew();

        var stop = server.StopAsync();
        var ready = await http.GetAsync("/ready");
        await stop;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        // Timers count whole milliseconds of the system's tick, so a delay can end a little before a stopwatch says.
        Assert.True(started.Elapsed >= delay - TimeSpan.FromMilliseconds(20), $"stopped after {started.Elapsed}");
    }
}

using System.Net;

namespace Roll.Kestrel.Tests;

public class HealthTests
{
    [Fact]
    public async Task ReadinessTurns503WhenKestrelBeginsAGracefulStop()
    {
        var app = new RollApp();
        app.Health();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.OnStopping(async () =>
        {
            stopping.SetResult();
            await release.Task;
        });
        await using var host = await KestrelHost.StartAsync(app);
        var client = host.Http1Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);

        var stop = host.Server.StopAsync();
        await stopping.Task;
        var ready = await client.GetAsync("/ready");
        var live = await client.GetAsync("/health");
        release.SetResult();
        await stop;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

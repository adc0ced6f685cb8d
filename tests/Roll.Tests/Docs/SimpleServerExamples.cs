namespace Roll.Tests.Docs;

/// <summary>The examples of the simple server reference.</summary>
public class SimpleServerExamples
{
    // snippet: cancel
    [Fact]
    public async Task ServeAsyncRunsUntilItsTokenIsCancelled()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roll-{Guid.NewGuid():N}.sock");
        var started = new TaskCompletionSource();
        var events = new List<string>();
        var app = new RollApp();
        app.OnStartup(() =>
        {
            events.Add("startup");
            started.SetResult();
        });
        app.OnShutdown(() => events.Add("shutdown"));
        using var stop = new CancellationTokenSource();

        var serving = app.ServeAsync(unixSocket: path, quiet: true, cancellationToken: stop.Token);
        await started.Task;
        stop.Cancel();
        await serving;

        Assert.Equal(["startup", "shutdown"], events);
        Assert.False(File.Exists(path));
    }
    // end-snippet

    // snippet: unknown-option
    [Fact]
    public async Task AnUnknownOptionIsRefused()
    {
        var app = new RollApp();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => app.ServeAsync(["--prot", "3600"]));

        Assert.Equal("Unknown option '--prot'; use --host H, --port N, --unix-socket PATH, --unix-socket-mode OCTAL, " +
            "--shutdown-timeout SECONDS, --trusted-proxies LIST, --max-connections N, --reuse-port or --quiet.", error.Message);
    }
    // end-snippet
}

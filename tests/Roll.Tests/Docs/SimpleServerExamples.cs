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
    public void ParseRefusesWhatItDoesNotKnowInOneLine()
    {
        var unknown = Assert.Throws<ArgumentException>(() => ServeOptions.Parse(["--prot", "3600"], _ => null));
        var invalid = Assert.Throws<ArgumentException>(() => ServeOptions.Parse(["--port=http"], _ => null));

        Assert.Equal("Unknown option '--prot' (--help lists the options).", unknown.Message);
        Assert.Equal("Invalid value 'http' for --port: expected a port number from 0 to 65535.", invalid.Message);
    }
    // end-snippet

    // snippet: app-option
    [Fact]
    public void AnAppAddsAnOptionOfItsOwn()
    {
        string? redis = null;
        var option = new CommandLineOption("redis", "HOST:PORT", "a host and a port, such as 127.0.0.1:6379",
            value => redis = value.Contains(':') ? value : throw new FormatException())
        {
            Help = "the Redis server that shares the websockets",
        };

        var options = ServeOptions.Parse(["--port", "3600", "--redis", "127.0.0.1:6379"], _ => null, [option]);
        var wrong = Assert.Throws<ArgumentException>(() => ServeOptions.Parse(["--redis=6379"], _ => null, [option]));

        Assert.Equal(3600, options.Port);
        Assert.Equal("127.0.0.1:6379", redis);
        Assert.Equal("Invalid value '6379' for --redis: expected a host and a port, such as 127.0.0.1:6379.", wrong.Message);
        Assert.Contains("--redis HOST:PORT", ServeOptions.Usage([option]));
        Assert.Contains("the Redis server that shares the websockets (ROLL_REDIS)", ServeOptions.Usage([option]));
    }
    // end-snippet
}

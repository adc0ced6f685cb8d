using Roll.Testing;

namespace Roll.Tests.Testing;

public class RollTestBaseTests : RollTestBase
{
    protected override RollApp CreateApp()
    {
        var app = new EchoApp();
        var events = new List<string>();
        app["events"] = events;
        app.OnStartup(() => events.Add("startup"));
        app.OnShutdown(() => events.Add("shutdown"));
        return app;
    }

    [Fact]
    public async Task StartupHasRunBeforeTheTestAndTheClientServesTheApp()
    {
        var response = await Client.GetAsync("/text");

        Assert.Equal(["startup"], (List<string>)App["events"]!);
        Assert.Equal("hello", response.Text);
        Assert.Same(App, Client.App);
    }

    [Fact]
    public async Task EachTestHasAFreshApp()
    {
        await Client.GetAsync("/text");

        Assert.Equal(1, ((EchoApp)App).Connections);
        Assert.Single((List<string>)App["events"]!, "startup");
    }

    [Fact]
    public async Task ShutdownRunsAfterTheTestOnceTheConnectionIsClosed()
    {
        var fixture = new LifetimeProbe();

        await fixture.InitializeAsync();
        var response = await fixture.GetAsync("/text");
        var eventsDuringTest = fixture.Events.ToList();
        await fixture.DisposeAsync();

        Assert.Equal("hello", response.Text);
        Assert.Equal(["startup"], eventsDuringTest);
        Assert.Equal(["startup", "connection closed", "shutdown"], fixture.Events);
    }

    [Fact]
    public async Task TestClientStartAsyncRunsStartupAndItsDisposalRunsShutdown()
    {
        var app = new EchoApp();
        var events = new List<string>();
        app.OnStartup(() => events.Add("startup"));
        app.OnShutdown(() => events.Add("shutdown"));

        var client = await TestClient.StartAsync(app);
        var eventsAfterStart = events.ToList();
        await client.DisposeAsync();

        Assert.Equal(["startup"], eventsAfterStart);
        Assert.Equal(["startup", "shutdown"], events);
    }

    [Fact]
    public async Task AClientMadeWithNewRunsNoLifetimeEvents()
    {
        var app = new EchoApp();
        var events = new List<string>();
        app.OnStartup(() => events.Add("startup"));
        app.OnShutdown(() => events.Add("shutdown"));

        await using (var client = new TestClient(app))
        {
            await client.GetAsync("/text");
        }

        Assert.Empty(events);
    }

    /// <summary>A test class driven by hand, to watch what happens after its test.</summary>
    private sealed class LifetimeProbe : RollTestBase
    {
        public List<string> Events { get; } = [];

        public Task<TestResponse> GetAsync(string path) => Client.GetAsync(path);

        protected override RollApp CreateApp()
        {
            var app = new ProbeApp(Events);
            app.Route("/text", (request, response) => response.Body = "hello");
            app.OnStartup(() => Events.Add("startup"));
            app.OnShutdown(() => Events.Add("shutdown"));
            return app;
        }
    }

    /// <summary>Records when the engine stops serving a connection.</summary>
    private sealed class ProbeApp(List<string> events) : RollApp
    {
        public override Roll.Server.HttpProtocol CreateProtocol(System.IO.Pipelines.IDuplexPipe transport, System.Net.EndPoint? remoteEndPoint = null)
            => base.CreateProtocol(new Roll.Server.DuplexPipe(transport.Input, new ClosingWriter(transport.Output, events)), remoteEndPoint);
    }

    /// <summary>A pipe writer that notes when the protocol completes it, which it does when it stops serving.</summary>
    private sealed class ClosingWriter(System.IO.Pipelines.PipeWriter inner, List<string> events) : System.IO.Pipelines.PipeWriter
    {
        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override ValueTask<System.IO.Pipelines.FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            => inner.FlushAsync(cancellationToken);

        public override void Complete(Exception? exception = null)
        {
            lock (events)
            {
                events.Add("connection closed");
            }
            inner.Complete(exception);
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Roll.Testing;

namespace Roll.Tests.Diagnostics;

[Collection(TelemetryCollection.Name)]
public class RequestTelemetryTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentSpanId = "b7ad6b7169203331";

    private static RollApp App()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", (request, response, name) => response.Body = $"Hello {name}");
        app.Route("/boom", (request, response) => throw new InvalidOperationException("boom"));
        app.Route("/unavailable", (request, response) => throw new HttpError(HttpStatusCode.ServiceUnavailable));
        app.Route("/teapot", (request, response) => throw new HttpError(418));
        app.Route("/any", (request, response) => response.Body = "any", methods: ["*"]);
        return app;
    }

    public static TheoryData<string> Clients => ["in-memory", "live"];

    private static async Task<TestClientBase> ClientAsync(string kind, RollApp app)
        => kind == "live" ? await LiveClient.StartAsync(app) : new TestClient(app);

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task RequestDurationHasTheConventionsNameUnitAndAttributes(string kind)
    {
        using var recorder = new TelemetryRecorder();
        await using var client = await ClientAsync(kind, App());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hello/world")).Status);

        var duration = await recorder.WaitForAsync(RollTelemetry.RequestDuration);
        Assert.Equal("s", duration.Instrument.Unit);
        Assert.IsType<Histogram<double>>(duration.Instrument);
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
            ((Histogram<double>)duration.Instrument).Advice!.HistogramBucketBoundaries!);
        Assert.InRange(duration.Value, 0, 10);
        Assert.Equal(new Dictionary<string, object?>
        {
            ["http.request.method"] = "GET",
            ["url.scheme"] = "http",
            ["network.protocol.version"] = "1.1",
            ["http.response.status_code"] = 200,
            ["http.route"] = "/hello/{name}",
        }, duration.Tags);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task ActiveRequestsCountsARequestWhileItIsAnswered(string kind)
    {
        using var recorder = new TelemetryRecorder();
        var app = new RollApp();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/slow", async (request, response) =>
        {
            entered.SetResult();
            await release.Task;
        });
        await using var client = await ClientAsync(kind, app);

        var answer = client.GetAsync("/slow");
        await entered.Task;
        var active = Assert.Single(recorder.Of(RollTelemetry.ActiveRequests));
        Assert.Equal(1, active.Value);
        Assert.Equal("{request}", active.Instrument.Unit);
        Assert.Equal(new Dictionary<string, object?> { ["http.request.method"] = "GET", ["url.scheme"] = "http" }, active.Tags);
        release.SetResult();
        await answer;

        await recorder.WaitForSumAsync(RollTelemetry.ActiveRequests, 0);
        Assert.Equal([1.0, -1.0], recorder.Of(RollTelemetry.ActiveRequests).Select(m => m.Value));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task RawPathsNeverBecomeMetricAttributesNorSpanNames(string kind)
    {
        using var recorder = new TelemetryRecorder();
        await using var client = await ClientAsync(kind, App());

        await client.GetAsync("/hello/x1");
        await client.GetAsync("/hello/x2");
        await client.GetAsync("/nowhere/x3");

        var durations = (await WaitForCountAsync(recorder, RollTelemetry.RequestDuration, 3))
            .OrderBy(m => m["http.response.status_code"]).ToList();
        foreach (var measurement in recorder.Measurements)
        {
            Assert.DoesNotContain(measurement.Tags.Values, value => value is string text && (text.Contains("x1") || text.Contains("x2") || text.Contains("x3")));
        }
        Assert.Equal(["/hello/{name}", "/hello/{name}", null], durations.Select(m => m["http.route"]));
        Assert.Equal(404, durations[2]["http.response.status_code"]);
        Assert.False(durations[2].Tags.ContainsKey("http.route"));
        var spans = recorder.Spans.OrderBy(span => span.GetTagItem("url.path")).ToList();
        Assert.Equal(["GET /hello/{name}", "GET /hello/{name}", "GET"], spans.Select(span => span.DisplayName));
        // The path itself is in url.path only, which the conventions ask of a span (never of a metric).
        Assert.All(spans, span => Assert.DoesNotContain(span.Tags, tag => tag.Key != "url.path" && tag.Value!.Contains('x')));
        Assert.Equal(["/hello/x1", "/hello/x2", "/nowhere/x3"], spans.Select(span => span.GetTagItem("url.path")));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task AMethodOutsideTheStandardOnesIsOther(string kind)
    {
        using var recorder = new TelemetryRecorder();
        await using var client = await ClientAsync(kind, App());

        Assert.Equal(HttpStatusCode.OK, (await client.RequestAsync("PURGE", "/any")).Status);

        var duration = await recorder.WaitForAsync(RollTelemetry.RequestDuration);
        Assert.Equal("_OTHER", duration["http.request.method"]);
        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Equal("HTTP /any", span.DisplayName);
        Assert.Equal("_OTHER", span.GetTagItem("http.request.method"));
        Assert.Equal("PURGE", span.GetTagItem("http.request.method_original"));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task AThrowingRouteRecordsTheExceptionTypeAndAnErrorSpan(string kind)
    {
        using var recorder = new TelemetryRecorder();
        await using var client = await ClientAsync(kind, App());

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/boom")).Status);

        var duration = await recorder.WaitForAsync(RollTelemetry.RequestDuration);
        Assert.Equal("System.InvalidOperationException", duration["error.type"]);
        Assert.Equal(500, duration["http.response.status_code"]);
        Assert.Equal("/boom", duration["http.route"]);
        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("System.InvalidOperationException", span.GetTagItem("error.type"));
        var exception = Assert.Single(span.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Contains(exception.Tags, tag => tag is { Key: "exception.type", Value: "System.InvalidOperationException" });
        Assert.Contains(exception.Tags, tag => tag is { Key: "exception.message", Value: "boom" });
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A5xxIsAnErrorByItsStatusCodeAndA4xxIsNot(string kind)
    {
        using var recorder = new TelemetryRecorder();
        await using var client = await ClientAsync(kind, App());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/unavailable")).Status);
        Assert.Equal(418, (await client.GetAsync("/teapot")).StatusCode);

        var durations = (await WaitForCountAsync(recorder, RollTelemetry.RequestDuration, 2))
            .OrderByDescending(m => m["http.response.status_code"]).ToList();
        Assert.Equal("503", durations[0]["error.type"]);
        Assert.False(durations[1].Tags.ContainsKey("error.type"));
        var spans = recorder.Spans.OrderByDescending(span => span.GetTagItem("http.response.status_code")).ToList();
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Unset], spans.Select(span => span.Status));
        Assert.Equal([503, 418], spans.Select(span => span.GetTagItem("http.response.status_code")));
        Assert.Empty(spans[0].Events);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task TheSpanContinuesTheTraceOfAnIncomingTraceparent(string kind)
    {
        using var recorder = new TelemetryRecorder(metrics: false);
        var app = App();
        Activity? seen = null, current = null;
        // snippet: current-span
        app.Route("/traced", (request, response) =>
        {
            seen = request.Activity;
            current = Activity.Current;
        });
        // end-snippet
        await using var client = await ClientAsync(kind, app);

        await client.GetAsync("/traced?q=1", new Dictionary<string, string>
        {
            ["traceparent"] = $"00-{TraceId}-{ParentSpanId}-01",
            ["tracestate"] = "vendor=value",
            ["User-Agent"] = "telemetry-test",
        });

        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Same(span, seen);
        Assert.Same(span, current);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("GET /traced", span.DisplayName);
        Assert.Equal(TraceId, span.TraceId.ToHexString());
        Assert.Equal(ParentSpanId, span.ParentSpanId.ToHexString());
        Assert.True(span.HasRemoteParent);
        Assert.Equal("vendor=value", span.TraceStateString);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/traced", span.GetTagItem("http.route"));
        Assert.Equal("/traced", span.GetTagItem("url.path"));
        Assert.Equal("q=1", span.GetTagItem("url.query"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("telemetry-test", span.GetTagItem("user_agent.original"));
        Assert.Equal("127.0.0.1", span.GetTagItem("client.address"));
    }

    [Fact]
    public async Task WithoutATraceparentTheSpanStartsATraceOfItsOwn()
    {
        using var recorder = new TelemetryRecorder(metrics: false);
        await using var client = new TestClient(App());
        using var ambient = new Activity("test's own").Start();

        await client.GetAsync("/hello/world");

        var span = await recorder.WaitForSpanAsync(_ => true);
        Assert.Equal(default, span.ParentSpanId);
        Assert.NotEqual(ambient.TraceId, span.TraceId);
    }

    [Fact]
    public async Task AnHttpClientCallFromAHandlerCarriesTheTraceOn()
    {
        using var recorder = new TelemetryRecorder(metrics: false);
        var downstream = new RollApp();
        downstream.Route("/downstream", (request, response) => response.Body = "down");
        await using var live = await LiveClient.StartAsync(downstream);
        var app = new RollApp();
        app.Route("/upstream", async (request, response) => response.Body = await live.Http.GetStringAsync("/downstream"));
        await using var client = new TestClient(app);

        Assert.Equal("down", (await client.GetAsync("/upstream")).Text);

        var upstream = await recorder.WaitForSpanAsync(span => span.DisplayName == "GET /upstream");
        var down = await recorder.WaitForSpanAsync(span => span.DisplayName == "GET /downstream");
        // Same trace; the parent is HttpClient's own span (System.Net.Http's), itself the child of the handler's.
        Assert.Equal(upstream.TraceId, down.TraceId);
        Assert.NotEqual(default, down.ParentSpanId);
        Assert.NotEqual(upstream.SpanId, down.SpanId);
    }

    [Fact]
    public async Task NoSpanIsMadeWhenNobodyListens()
    {
        var app = App();
        var spans = new List<Activity?>();
        app.Route("/quiet", (request, response) => spans.Add(request.Activity ?? Activity.Current));
        await using var client = new TestClient(app);

        await client.GetAsync("/quiet");

        Assert.Equal([null], spans);
    }

    private static async Task<IReadOnlyList<Measurement>> WaitForCountAsync(TelemetryRecorder recorder, string instrument, int count)
    {
        await recorder.WaitForAsync(instrument, _ => recorder.Of(instrument).Count >= count);
        return recorder.Of(instrument);
    }
}

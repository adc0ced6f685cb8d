// Over 400 lines: one class per feature, and the events are seven, each with its order and short-circuit rules.
using System.Net;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>The app's events: lifetime, the request chain (headers, request, response, error) and custom events.</summary>
public class EventsTests
{
    private sealed record UserLookup(string Token);

    private sealed record AuditEntry(string Text);

    private static List<string> Trace(Request request)
    {
        if (request["trace"] is not List<string> trace)
        {
            trace = [];
            request["trace"] = trace;
        }
        return trace;
    }

    [Fact]
    public async Task StartupListenersRunInOrderBeforeServingAndShutdownListenersAfter()
    {
        var app = new RollApp();
        var events = new List<string>();
        app.OnStartup(async () =>
        {
            await Task.Yield();
            events.Add("startup 1");
        });
        app.OnStartup(() => events.Add("startup 2"));
        app.OnShutdown(() => events.Add("shutdown 1"));
        app.OnShutdown(async () =>
        {
            await Task.Yield();
            events.Add("shutdown 2");
        });
        app.Route("/", (request, response) => { events.Add("request"); });

        await using (var client = await TestClient.StartAsync(app))
        {
            await client.GetAsync("/");
            await client.GetAsync("/");
        }

        Assert.Equal(["startup 1", "startup 2", "request", "request", "shutdown 1", "shutdown 2"], events);
    }

    [Fact]
    public async Task StartupCanPrepareStateThatHandlersUse()
    {
        var app = new RollApp();
        app.OnStartup(() => app["greeting"] = "ready");
        app.Route("/", (request, response) => { response.Body = (string?)request.App["greeting"] ?? "not started"; });
        await using var client = new TestClient(app);

        var before = await client.GetAsync("/");
        await app.StartupAsync();
        var after = await client.GetAsync("/");

        Assert.Equal("not started", before.Text);
        Assert.Equal("ready", after.Text);
    }

    [Fact]
    public async Task ShutdownRunsWhenAsked()
    {
        var app = new RollApp();
        var stopped = 0;
        app.OnShutdown(() => stopped++);

        await app.StartupAsync();
        Assert.Equal(0, stopped);
        await app.ShutdownAsync();

        Assert.Equal(1, stopped);
    }

    [Fact]
    public async Task RequestListenersRunInOrderAroundTheHandler()
    {
        var app = new RollApp();
        app.OnHeaders((request, response) => Trace(request).Add("headers 1"));
        app.OnHeaders(async (request, response) =>
        {
            await Task.Yield();
            Trace(request).Add("headers 2");
        });
        app.OnRequest((request, response) => Trace(request).Add("request 1"));
        app.OnRequest(async (request, response) =>
        {
            await Task.Yield();
            Trace(request).Add("request 2");
        });
        app.OnResponse((request, response) => Trace(request).Add("response 1"));
        app.OnResponse((request, response) =>
        {
            Trace(request).Add("response 2");
            response.Body = string.Join(", ", Trace(request));
        });
        app.Route("/", (request, response) => Trace(request).Add("handler"));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal("headers 1, headers 2, request 1, request 2, handler, response 1, response 2", response.Text);
    }

    [Fact]
    public async Task HeadersListenersRunBeforeTheBodyIsReadAndRequestListenersAfter()
    {
        var app = new RollApp();
        app.OnHeaders((request, response) => Trace(request).Add($"headers: body lazy {request.IsBodyLazy}"));
        app.OnRequest((request, response) => Trace(request).Add($"request: body lazy {request.IsBodyLazy}, {request.Body.Length} bytes"));
        app.Route("/upload", (request, response) => { response.Body = string.Join("; ", Trace(request)); }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/upload", "0123456789");

        Assert.Equal("headers: body lazy True; request: body lazy False, 10 bytes", response.Text);
    }

    [Fact]
    public async Task AHeadersListenerCanRefuseAnUploadWithoutItsBodyBeingRead()
    {
        var app = new RollApp();
        var handled = false;
        app.OnHeaders((request, response) =>
        {
            if (long.Parse(request.Headers["Content-Length"] ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 16)
            {
                response.Status = HttpStatusCode.RequestEntityTooLarge;
                response.Body = "Too big for this app";
                return true;
            }
            return false;
        });
        app.OnResponse((request, response) => response.Headers["X-Body-Read"] = (!request.IsBodyLazy).ToString());
        app.Route("/upload", (request, response) => { handled = true; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/upload", new string('x', 1000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("Too big for this app", response.Text);
        Assert.Equal("False", response.Headers["X-Body-Read"]);
        Assert.False(handled);
    }

    [Fact]
    public async Task HeadersListenersRunForUnknownPathsToo()
    {
        var app = new RollApp();
        app.OnHeaders((request, response) => response.Headers["X-Route-Found"] = request.Route.Found.ToString());
        app.Route("/known", (request, response) => { });
        await using var client = new TestClient(app);

        var unknown = await client.GetAsync("/unknown");
        var known = await client.GetAsync("/known");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("False", unknown.Headers["X-Route-Found"]);
        Assert.Equal("True", known.Headers["X-Route-Found"]);
    }

    [Fact]
    public async Task AHeadersListenerReturningTrueSkipsTheRestAndTheResponseIsSentAsItIs()
    {
        var app = new RollApp();
        var calls = new List<string>();
        app.OnHeaders(async (request, response) =>
        {
            await Task.Yield();
            if (request.Path == "/nowhere")
            {
                response.Status = HttpStatusCode.Gone;
                response.Body = "answered early";
                return true;
            }
            return false;
        });
        app.OnHeaders((request, response) => calls.Add("second headers listener"));
        app.OnRequest((request, response) => calls.Add("request listener"));
        app.OnResponse((request, response) => response.Headers["X-Response-Listener"] = "ran");

        await using var client = new TestClient(app);
        var response = await client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.Gone, response.Status);
        Assert.Equal("answered early", response.Text);
        Assert.Equal("ran", response.Headers["X-Response-Listener"]);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task ARequestListenerReturningTrueSkipsTheHandlerButNotTheResponseListeners()
    {
        var app = new RollApp();
        var calls = new List<string>();
        app.OnRequest((request, response) =>
        {
            if (request.Headers["Authorization"] is null)
            {
                response.Status = HttpStatusCode.Unauthorized;
                response.Body = "Who are you?";
                return true;
            }
            return false;
        });
        app.OnRequest((request, response) => calls.Add("second request listener"));
        app.OnResponse((request, response) => response.Headers["X-Response-Listener"] = "ran");
        app.Route("/private", (request, response) =>
        {
            calls.Add("handler");
            response.Body = "secret";
        });
        await using var client = new TestClient(app);

        var refused = await client.GetAsync("/private");
        Assert.Empty(calls);
        var allowed = await client.GetAsync("/private", new Dictionary<string, string> { ["Authorization"] = "Bearer x" });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("Who are you?", refused.Text);
        Assert.Equal("ran", refused.Headers["X-Response-Listener"]);
        Assert.Equal("secret", allowed.Text);
        Assert.Equal(["second request listener", "handler"], calls);
    }

    [Fact]
    public async Task RequestListenersRunAfterRoutingSoNotFor404Or405()
    {
        var app = new RollApp();
        var seen = new List<string>();
        app.OnRequest((request, response) => seen.Add(request.Path));
        app.Route("/only-get", (request, response) => { });
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/missing")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/only-get", "x")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/only-get")).Status);

        Assert.Equal(["/only-get"], seen);
    }

    [Fact]
    public async Task ResponseListenersRunAfterErrorsToo()
    {
        var app = new RollApp();
        app.OnResponse((request, response) => response.Headers["X-Status-Seen"] = response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Route("/boom", (request, response) => throw new InvalidOperationException("boom"));
        app.Route("/get-only", (request, response) => { });
        await using var client = new TestClient(app);

        var failed = await client.GetAsync("/boom");
        var missing = await client.GetAsync("/missing");
        var refused = await client.DeleteAsync("/get-only");

        Assert.Equal("500", failed.Headers["X-Status-Seen"]);
        Assert.Equal("404", missing.Headers["X-Status-Seen"]);
        Assert.Equal("405", refused.Headers["X-Status-Seen"]);
    }

    [Fact]
    public async Task AnErrorListenerReceivesAnHttpErrorWrappingTheOriginalException()
    {
        var app = new RollApp();
        var original = new InvalidOperationException("the database is gone");
        HttpError? received = null;
        app.OnError((request, response, error) => { received = error; });
        app.Route("/fail", (request, response) => throw original);
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.NotNull(received);
        Assert.Equal(HttpStatusCode.InternalServerError, received.Status);
        Assert.Equal("Internal Server Error", received.Message);
        Assert.Same(original, received.InnerException);
    }

    [Fact]
    public async Task AnErrorListenerReceivesAThrownHttpErrorAsItIs()
    {
        var app = new RollApp();
        var thrown = new HttpError(HttpStatusCode.Conflict, "Already there");
        HttpError? received = null;
        app.OnError(async (request, response, error) =>
        {
            await Task.Yield();
            received = error;
        });
        app.Route("/conflict", (request, response) => throw thrown);
        await using var client = new TestClient(app);

        await client.GetAsync("/conflict");

        Assert.Same(thrown, received);
    }

    [Fact]
    public async Task AnErrorListenerSeesTheErrorResponseAndCanRewriteIt()
    {
        var app = new RollApp();
        app.OnError((request, response, error) =>
        {
            response.Headers["X-Seen"] = $"{response.StatusCode} {response.Body}";
            response.Json = new System.Text.Json.Nodes.JsonObject { ["error"] = error.Message, ["status"] = (int)error.Status };
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("404 /missing", response.Headers["X-Seen"]);
        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("/missing", (string?)response.Json!["error"]);
        Assert.Equal(404, (int?)response.Json["status"]);
    }

    [Fact]
    public async Task AnErrorListenerThatThrowsGivesA500AndStopsTheOthers()
    {
        var app = new RollApp();
        var later = false;
        app.OnError((request, response, error) => throw new InvalidOperationException("the error page broke"));
        app.OnError((request, response, error) => { later = true; });
        app.Route("/forbidden", (request, response) => throw new HttpError(HttpStatusCode.Forbidden));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/forbidden");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Internal Server Error", response.Text);
        Assert.False(later);
    }

    [Fact]
    public async Task AnExceptionInARequestListenerGoesToTheErrorListeners()
    {
        var app = new RollApp();
        var handled = false;
        static void Throttle(Request request, Response response) => throw new HttpError(HttpStatusCode.TooManyRequests, "Slow down");
        app.OnRequest(Throttle);
        app.OnError((request, response, error) => response.Headers["Retry-After"] = "60");
        app.Route("/", (request, response) => { handled = true; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal("Slow down", response.Text);
        Assert.Equal("60", response.Headers["Retry-After"]);
        Assert.False(handled);
    }

    [Fact]
    public async Task AnExceptionInAResponseListenerBecomesTheErrorResponse()
    {
        var app = new RollApp();
        HttpError? received = null;
        app.OnResponse((request, response) => throw new InvalidOperationException("late failure"));
        app.OnError((request, response, error) => { received = error; });
        app.Route("/", (request, response) => { response.Body = "fine"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Internal Server Error", response.Text);
        Assert.IsType<InvalidOperationException>(received?.InnerException);
    }

    [Fact]
    public async Task ATypedCustomEventReturnsTheFirstResultThatIsNotNullOrFalse()
    {
        var app = new RollApp();
        var asked = new List<string>();
        app.Listen<UserLookup>(lookup =>
        {
            asked.Add("no opinion");
            return Task.FromResult<object?>(null);
        });
        app.Listen<UserLookup>(lookup =>
        {
            asked.Add("refuses");
            return Task.FromResult<object?>(false);
        });
        app.Listen<UserLookup>(async lookup =>
        {
            await Task.Yield();
            asked.Add("knows");
            return lookup.Token == "t0k3n" ? "alice" : null;
        });
        app.Listen<UserLookup>(lookup =>
        {
            asked.Add("never asked when a listener before answered");
            return Task.FromResult<object?>("mallory");
        });

        var user = await app.HookAsync(new UserLookup("t0k3n"));

        Assert.Equal("alice", user);
        Assert.Equal(["no opinion", "refuses", "knows"], asked);
    }

    [Fact]
    public async Task ACustomEventNobodyAnswersReturnsNull()
    {
        var app = new RollApp();
        var heard = new List<string>();
        app.Listen<AuditEntry>(entry => heard.Add(entry.Text));
        app.Listen<AuditEntry>(entry => heard.Add("again: " + entry.Text));

        var answer = await app.HookAsync(new AuditEntry("logged in"));
        var unheard = await app.HookAsync(new UserLookup("nobody listens"));

        Assert.Null(answer);
        Assert.Null(unheard);
        Assert.Equal(["logged in", "again: logged in"], heard);
    }

    [Fact]
    public async Task ACustomEventByNameReachesItsListenersWithItsArgument()
    {
        var app = new RollApp();
        var heard = new List<object?>();
        app.Listen("cache:miss", key => heard.Add(key));
        app.Listen("cache:get", key => Task.FromResult<object?>(key is "answer" ? 42 : null));

        var hit = await app.HookAsync("cache:get", "answer");
        var miss = await app.HookAsync("cache:get", "question");
        await app.HookAsync("cache:miss", "question");
        var nobody = await app.HookAsync("no listener");

        Assert.Equal(42, hit);
        Assert.Null(miss);
        Assert.Null(nobody);
        Assert.Equal(["question"], heard);
    }

    [Fact]
    public async Task ACustomEventByNameMayBeFiredWithoutArgument()
    {
        var app = new RollApp();
        app.Listen("ping", args => Task.FromResult<object?>(args is null ? "pong" : "unexpected argument"));

        Assert.Equal("pong", await app.HookAsync("ping"));
    }

    [Fact]
    public async Task AHandlerCanFireACustomEventThroughItsRequestsApp()
    {
        var app = new RollApp();
        app.Listen<UserLookup>(lookup => Task.FromResult<object?>(lookup.Token == "good" ? "alice" : null));
        app.Route("/me", async (request, response) =>
        {
            var user = await request.App.HookAsync(new UserLookup(request.Headers["X-Token"] ?? ""))
                ?? throw new HttpError(HttpStatusCode.Unauthorized);
            response.Body = $"Hello {user}";
        });
        await using var client = new TestClient(app);

        var known = await client.GetAsync("/me", new Dictionary<string, string> { ["X-Token"] = "good" });
        var unknown = await client.GetAsync("/me", new Dictionary<string, string> { ["X-Token"] = "bad" });

        Assert.Equal("Hello alice", known.Text);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
    }
}

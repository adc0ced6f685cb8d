using System.Net;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The app of the "Using events" tutorial, and the checks that it does what the tutorial says.</summary>
public class UsingEventsExamples : RollTestBase
{
    private readonly List<Exception?> _failures = [];

    protected override RollApp CreateApp()
    {
        var failures = _failures;
        // snippet: routes
        var app = new RollApp();

        app.Route("/hello/{name}", (request, response, name) =>
        {
            response.Body = $"{app["greeting"]} {name}";
        });

        app.Route("/admin", (request, response) =>
        {
            response.Body = "Welcome, admin";
        }, extras: new Dictionary<string, object?> { ["role"] = "admin" });

        app.Route("/boom", (request, response) =>
        {
            throw new InvalidOperationException("The database is down");
        });
        // end-snippet

        // snippet: startup
        app.OnStartup(() => app["greeting"] = "Hello");
        app.OnShutdown(() => app["greeting"] = null);
        // end-snippet

        // snippet: headers
        app.OnHeaders((request, response) =>
        {
            if (request.Headers["X-Api-Key"] != "let-me-in")
            {
                response.Status = HttpStatusCode.Unauthorized;
                response.Body = "Who are you?";
                return true;
            }
            return false;
        });
        // end-snippet

        // snippet: request
        app.OnRequest((request, response) =>
        {
            if (request.Route.Extras.TryGetValue("role", out var role) && request.Headers["X-Role"] != (string?)role)
            {
                response.Status = HttpStatusCode.Forbidden;
                response.Body = $"Only for {role}";
                return true;
            }
            return false;
        });
        // end-snippet

        // snippet: response
        app.OnResponse((request, response) =>
        {
            response.Headers["Cache-Control"] = "no-store";
        });
        // end-snippet

        // snippet: error
        app.OnError((request, response, error) =>
        {
            if (error.Status == HttpStatusCode.InternalServerError)
            {
                failures.Add(error.InnerException);
                response.Body = "Sorry, something broke on our side.";
            }
        });
        // end-snippet

        return app;
    }

    // snippet: key
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Client.DefaultHeaders["X-Api-Key"] = "let-me-in";
    }
    // end-snippet

    // snippet: test-startup
    [Fact]
    public async Task TheStartupListenerSetTheGreeting()
    {
        var response = await Client.GetAsync("/hello/Ada");

        Assert.Equal("Hello Ada", response.Text);
    }
    // end-snippet

    // snippet: test-headers
    [Fact]
    public async Task ARequestWithoutTheKeyIsRefusedBeforeAnythingElse()
    {
        var wrongKey = new Dictionary<string, string> { ["X-Api-Key"] = "guess" };

        var known = await Client.GetAsync("/hello/Ada", wrongKey);
        var unknown = await Client.GetAsync("/no/such/path", wrongKey);

        Assert.Equal(HttpStatusCode.Unauthorized, known.Status);
        Assert.Equal("Who are you?", known.Text);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
    }
    // end-snippet

    // snippet: test-request
    [Fact]
    public async Task TheAdminRouteWantsTheAdminRole()
    {
        var refused = await Client.GetAsync("/admin");
        var welcome = await Client.GetAsync("/admin", new Dictionary<string, string> { ["X-Role"] = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Only for admin", refused.Text);
        Assert.Equal("Welcome, admin", welcome.Text);
    }
    // end-snippet

    // snippet: test-response
    [Fact]
    public async Task EveryResponseIsMarkedNoStoreEvenErrors()
    {
        var ok = await Client.GetAsync("/hello/Ada");
        var refused = await Client.GetAsync("/hello/Ada", new Dictionary<string, string> { ["X-Api-Key"] = "guess" });
        var missing = await Client.GetAsync("/no/such/path");

        Assert.Equal("no-store", ok.Headers["Cache-Control"]);
        Assert.Equal("no-store", refused.Headers["Cache-Control"]);
        Assert.Equal("no-store", missing.Headers["Cache-Control"]);
    }
    // end-snippet

    // snippet: test-error
    [Fact]
    public async Task AnUnexpectedExceptionIsA500WithAPoliteBody()
    {
        var response = await Client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Sorry, something broke on our side.", response.Text);
        var failure = Assert.Single(_failures);
        Assert.Equal("The database is down", failure!.Message);
    }
    // end-snippet

    [Fact]
    public async Task AnHttpErrorReachesTheErrorListenersWithItsOwnStatus()
    {
        var response = await Client.GetAsync("/no/such/path");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("/no/such/path", response.Text);
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task TheShutdownListenerRunsAfterTheTest()
    {
        var app = CreateApp();
        await app.StartupAsync();
        Assert.Equal("Hello", app["greeting"]);

        await app.ShutdownAsync();

        Assert.Null(app["greeting"]);
    }

    // snippet: order
    [Fact]
    public async Task ListenersRunInThisOrder()
    {
        var order = new List<string>();
        var app = new RollApp();
        app.OnHeaders((request, response) => order.Add("headers"));
        app.OnRequest((request, response) => order.Add("request"));
        app.Route("/", (request, response) => order.Add("handler"));
        app.Route("/fail", (request, response) =>
        {
            order.Add("handler");
            throw new HttpError(HttpStatusCode.Conflict);
        });
        app.OnError((request, response, error) => order.Add("error"));
        app.OnResponse((request, response) => order.Add("response"));
        await using var client = new TestClient(app);

        await client.GetAsync("/");
        Assert.Equal(["headers", "request", "handler", "response"], order);

        order.Clear();
        await client.GetAsync("/fail");
        Assert.Equal(["headers", "request", "handler", "error", "response"], order);
    }
    // end-snippet

    // snippet: async
    [Fact]
    public async Task ListenersMayBeAsync()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = "handler");
        app.OnRequest(async (request, response) =>
        {
            await Task.Yield();
            response.Body = "listener";
            return true;
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal("listener", response.Text);
    }
    // end-snippet
}

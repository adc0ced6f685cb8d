using System.Net;
using System.Runtime.CompilerServices;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of the app reference: routes, placeholders, methods, extras and the app's dictionary.</summary>
public class AppExamples
{
    // snippet: placeholders
    [Theory]
    [InlineData("/hello/{name}", "/hello/world", "name=world")]
    [InlineData("/hello/{name}", "/hello/a/b", null)]
    [InlineData("/hello/{name}", "/hello/a%2Fb", null)]
    [InlineData("/hello/{name:string}", "/hello/world", "name=world")]
    [InlineData("/users/{id:digit}", "/users/42", "id=42")]
    [InlineData("/users/{id:digit}", "/users/4x2", null)]
    [InlineData("/codes/{code:alnum}", "/codes/ab12", "code=ab12")]
    [InlineData("/codes/{code:alnum}", "/codes/ab-12", null)]
    [InlineData("/words/{word:alpha}", "/words/caf%C3%A9", "word=café")]
    [InlineData("/words/{word:alpha}", "/words/abc1", null)]
    [InlineData("/files/{path:path}", "/files/a/b/c.txt", "path=a/b/c.txt")]
    [InlineData("/files/{path:path}", "/files/", null)]
    [InlineData("/any/{rest:any}", "/any/", "rest=")]
    [InlineData("/any/{rest:any}", "/any/x/y", "rest=x/y")]
    [InlineData(@"/years/{year:\d{4}}", "/years/2017", "year=2017")]
    [InlineData(@"/years/{year:\d{4}}", "/years/17", null)]
    [InlineData("/to/file.{ext}", "/to/file.txt", "ext=txt")]
    [InlineData("/to/{name}.{ext}", "/to/report.tar.gz", "name=report.tar, ext=gz")]
    [InlineData("/test%C3%A9/{x}", "/test%C3%A9/1", null)]
    [InlineData("/testé/{x}", "/test%C3%A9/1", "x=1")]
    public async Task APlaceholderMatchesWhatItsTypeAllows(string pattern, string path, string? matched)
    // end-snippet
    {
        var app = new RollApp();
        app.Route(pattern, (request, response) =>
            response.Body = string.Join(", ", request.Route.Vars.Select(pair => $"{pair.Key}={pair.Value}")));
        await using var client = new TestClient(app);

        var response = await client.GetAsync(path);

        if (matched is null)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Equal(matched, response.Text);
        }
    }

    // snippet: order
    [Fact]
    public async Task TheFirstRegisteredRouteThatMatchesWins()
    {
        var app = new RollApp();
        app.Route("/users/{id:digit}", (request, response, id) => response.Body = $"user number {id}");
        app.Route("/users/{name}", (request, response, name) => response.Body = $"user named {name}");
        app.Route("/users/me", (request, response) => response.Body = "it's me");
        await using var client = new TestClient(app);

        Assert.Equal("user number 42", (await client.GetAsync("/users/42")).Text);
        Assert.Equal("user named ada", (await client.GetAsync("/users/ada")).Text);
        Assert.Equal("user named me", (await client.GetAsync("/users/me")).Text);
    }
    // end-snippet

    // snippet: methods
    [Fact]
    public async Task EachMethodOfAPathHasItsHandler()
    {
        var app = new RollApp();
        app.Route("/items", (request, response) => response.Body = "the list");
        app.Route("/items", (request, response) =>
        {
            response.Status = HttpStatusCode.Created;
            response.Body = "created";
        }, methods: ["POST"]);
        app.Route("/anything", (request, response) => response.Body = request.Method, methods: ["*"]);
        await using var client = new TestClient(app);

        Assert.Equal("the list", (await client.GetAsync("/items")).Text);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/items")).Status);
        var head = await client.HeadAsync("/items");
        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal("8", head.Headers["Content-Length"]);
        var delete = await client.DeleteAsync("/items");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.Status);
        Assert.Equal("GET, POST, HEAD", delete.Headers["Allow"]);
        Assert.Equal("PATCH", (await client.PatchAsync("/anything")).Text);
        Assert.Equal("DELETE", (await client.DeleteAsync("/anything")).Text);
    }
    // end-snippet

    [Fact]
    public void AMethodRegisteredTwiceOnAPathIsRefused()
    {
        var app = new RollApp();
        app.Route("/items", (request, response) => { });

        var error = Assert.Throws<ArgumentException>(() => app.Route("/items", (request, response) => { }, methods: ["get"]));

        Assert.Equal("The route '/items' already has a GET handler; register each method of a path once.", error.Message);
    }

    // snippet: shared-handler
    [Fact]
    public async Task OneHandlerCanServeSeveralRoutes()
    {
        static Task Page(Request request, Response response)
        {
            var number = request.Route.Vars.GetValueOrDefault("number", "1");
            response.Body = $"page {number}";
            return Task.CompletedTask;
        }
        var app = new RollApp();
        app.Route("/pages", Page);
        app.Route("/pages/{number:digit}", Page);
        await using var client = new TestClient(app);

        Assert.Equal("page 1", (await client.GetAsync("/pages")).Text);
        Assert.Equal("page 3", (await client.GetAsync("/pages/3")).Text);
    }
    // end-snippet

    // snippet: placeholder-count
    [Fact]
    public void AHandlerTakesOneParameterPerPlaceholder()
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(() =>
            app.Route("/from/{a}/to/{b}", (request, response, a) => response.Body = a));

        Assert.StartsWith("The handler of '/from/{a}/to/{b}' takes 1 placeholder value(s) but the path has 2", error.Message);
    }
    // end-snippet

    // snippet: pattern-errors
    [Theory]
    [InlineData("hello", "Route pattern 'hello' must start with '/'; write '/hello'.")]
    [InlineData("/users/{id:int}", "Placeholder '{id:int}' in route pattern '/users/{id:int}' has unknown type 'int'")]
    [InlineData("/{a}{b}", "Placeholders '{a}' and '{b}' in route pattern '/{a}{b}' are directly adjacent")]
    [InlineData("/{a}/{a}", "Route pattern '/{a}/{a}' uses the placeholder name 'a' twice")]
    public void AWrongPatternIsRefusedWithAMessageThatSaysWhy(string pattern, string message)
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(() => app.Route(pattern, (request, response) => { }));

        Assert.StartsWith(message, error.Message);
    }
    // end-snippet

    // snippet: extras
    [Fact]
    public async Task ARouteKeepsItsOptionsAndExtras()
    {
        var app = new RollApp();
        var route = app.Route("/report", (request, response) =>
        {
            var route = request.Route.Route!;
            response.Body = $"{route.Name} as {request.Route.Extras["format"]}";
        }, name: "report", accepts: ["text/csv"], extras: new Dictionary<string, object?> { ["format"] = "csv" });
        await using var client = new TestClient(app);

        Assert.Equal("report as csv", (await client.GetAsync("/report")).Text);
        Assert.Equal("/report", route.Pattern);
        Assert.Equal(["text/csv"], route.Accepts);
        Assert.False(route.LazyBody);
        Assert.Equal("http", route.Protocol);
    }
    // end-snippet

    // snippet: route-added
    [Fact]
    public void RouteAddedListenersSeeEveryRegistration()
    {
        var app = new RollApp();
        var seen = new List<string>();
        app.OnRouteAdded((route, handler) => seen.Add($"{route.Pattern} {string.Join(",", route.Methods)}"));

        app.Route("/items", (request, response) => { });
        app.Route("/items", (request, response) => { }, methods: ["POST"]);

        Assert.Equal(["/items GET", "/items GET,POST"], seen);
    }
    // end-snippet

    // snippet: items
    [Fact]
    public async Task TheAppKeepsStateByName()
    {
        var app = new RollApp();
        app.OnStartup(() => app["visits"] = new StrongBox<int>());
        app.Route("/", (request, response) =>
        {
            // Requests run concurrently: state shared through the app must be thread-safe.
            var visits = Interlocked.Increment(ref ((StrongBox<int>)app["visits"]!).Value);
            response.Body = $"visit {visits}";
        });
        await using var client = await TestClient.StartAsync(app);

        await client.GetAsync("/");
        var second = await client.GetAsync("/");

        Assert.Equal("visit 2", second.Text);
        Assert.True(app.ContainsKey("visits"));
        Assert.Null(app["nothing here"]);
    }
    // end-snippet
}

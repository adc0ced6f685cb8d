// Over 400 lines: one class per feature, and routing has many behaviours a user sees (every placeholder kind, order, 404/405, registration errors).
using System.Net;
using Roll.Routing;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>Routes end to end: from the bytes a client sends to the handler the router picks, and the values it gets.</summary>
public class RoutingTests
{
    [Fact]
    public async Task ASyncHandlerAnswers()
    {
        var app = new RollApp();
        app.Route("/sync", (request, response) => { response.Body = "sync"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/sync");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("sync", response.Text);
    }

    [Fact]
    public async Task AnAsyncHandlerIsAwaitedBeforeTheResponseIsSent()
    {
        var app = new RollApp();
        app.Route("/async", async (request, response) =>
        {
            await Task.Yield();
            response.Body = "async";
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/async");

        Assert.Equal("async", response.Text);
    }

    [Fact]
    public async Task OnePlaceholderValueIsTheHandlersParameter()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", (request, response, name) => { response.Body = $"Hello {name}"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/hello/world");

        Assert.Equal("Hello world", response.Text);
    }

    [Fact]
    public async Task TwoPlaceholderValuesAreTheHandlersParametersInPathOrder()
    {
        var app = new RollApp();
        app.Route("/{b}/and/{a}", async (request, response, first, second) =>
        {
            await Task.Yield();
            response.Body = $"{first},{second}";
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/one/and/two");

        Assert.Equal("one,two", response.Text);
    }

    [Fact]
    public async Task ThreePlaceholderValuesAreTheHandlersParametersInPathOrder()
    {
        var app = new RollApp();
        app.Route("/{year:digit}/{month:digit}/{slug}", (request, response, year, month, slug) =>
        {
            response.Body = $"{slug} of {month}/{year}";
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/2024/05/launch");

        Assert.Equal("launch of 05/2024", response.Text);
    }

    [Fact]
    public async Task PlaceholderValuesAreReadableByNameFromTheRoute()
    {
        var app = new RollApp();
        app.Route("/users/{id:digit}/posts/{slug}", (request, response) =>
        {
            response.Body = $"{request.Route.Vars["id"]}:{request.Route.Vars["slug"]}:{request.Route.Vars.Count}";
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/users/42/posts/first-post");

        Assert.Equal("42:first-post:2", response.Text);
    }

    [Fact]
    public async Task OneHandlerServesARouteWithAPlaceholderAndOneWithout()
    {
        static void Show(Request request, Response response, string id) => response.Body = $"item {id}";
        var app = new RollApp();
        app.Route("/items", (request, response) => Show(request, response, "all"));
        app.Route("/items/{id}", Show);
        await using var client = new TestClient(app);

        Assert.Equal("item all", (await client.GetAsync("/items")).Text);
        Assert.Equal("item 7", (await client.GetAsync("/items/7")).Text);
    }

    // One line per URL: the pattern, the path sent, and the value captured (null: no match, 404).
    [Theory]
    [InlineData("/x/{v}", "/x/abc-1.2", "abc-1.2")]
    [InlineData("/x/{v}", "/x/a/b", null)]
    [InlineData("/x/{v}", "/x/", null)]
    [InlineData("/x/{v:string}", "/x/abc-1.2", "abc-1.2")]
    [InlineData("/x/{v:string}", "/x/a/b", null)]
    [InlineData("/x/{v:digit}", "/x/2024", "2024")]
    [InlineData("/x/{v:digit}", "/x/20a4", null)]
    [InlineData("/x/{v:alnum}", "/x/abc123", "abc123")]
    [InlineData("/x/{v:alnum}", "/x/abc-123", null)]
    [InlineData("/x/{v:alpha}", "/x/abcDEF", "abcDEF")]
    [InlineData("/x/{v:alpha}", "/x/abc1", null)]
    [InlineData("/x/{v:path}", "/x/a/b/c.txt", "a/b/c.txt")]
    [InlineData("/x/{v:path}", "/x/", null)]
    [InlineData("/x/{v:any}", "/x/a/b", "a/b")]
    [InlineData("/x/{v:any}", "/x/", "")]
    [InlineData(@"/x/{v:\d{3}}", "/x/123", "123")]
    [InlineData(@"/x/{v:\d{3}}", "/x/1234", null)]
    [InlineData(@"/x/{v:[a-c]+}", "/x/abcabc", "abcabc")]
    [InlineData(@"/x/{v:[a-c]+}", "/x/abcd", null)]
    [InlineData("/x/file.{v}", "/x/file.json", "json")]
    [InlineData("/x/file.{v}", "/x/other.json", null)]
    public async Task EachPlaceholderKindMatchesItsOwnPaths(string pattern, string path, string? expected)
    {
        var app = new RollApp();
        app.Route(pattern, (request, response, value) => { response.Body = $"[{value}]"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync(path);

        if (expected is null)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Equal($"[{expected}]", response.Text);
        }
    }

    [Fact]
    public async Task PlaceholdersMayShareASegment()
    {
        var app = new RollApp();
        app.Route("/to/{name}.{ext}", (request, response, name, ext) => { response.Body = $"{name}|{ext}"; });
        await using var client = new TestClient(app);

        Assert.Equal("report|pdf", (await client.GetAsync("/to/report.pdf")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/to/report")).Status);
    }

    [Fact]
    public async Task TheFirstRegisteredRouteThatMatchesWins()
    {
        var app = new RollApp();
        app.Route("/first/{any}", (request, response) => { response.Body = "placeholder"; });
        app.Route("/first/fixed", (request, response) => { response.Body = "fixed"; });
        app.Route("/second/fixed", (request, response) => { response.Body = "fixed"; });
        app.Route("/second/{any}", (request, response) => { response.Body = "placeholder"; });
        await using var client = new TestClient(app);

        Assert.Equal("placeholder", (await client.GetAsync("/first/fixed")).Text);
        Assert.Equal("fixed", (await client.GetAsync("/second/fixed")).Text);
        Assert.Equal("placeholder", (await client.GetAsync("/second/other")).Text);
    }

    [Fact]
    public async Task AnAccentedPathSentPercentEncodedMatchesItsDecodedRoute()
    {
        var app = new RollApp();
        app.Route("/testé", (request, response) => { response.Body = $"{request.Url} {request.Path}"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/test%C3%A9");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("/test%C3%A9 /testé", response.Text);
    }

    [Fact]
    public async Task PlaceholderValuesArePercentDecoded()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", (request, response, name) => { response.Body = name; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/hello/J%C3%A9r%C3%B4me%20D");

        Assert.Equal("Jérôme D", response.Text);
    }

    [Fact]
    public async Task AnUnknownPathIsA404WhoseBodyIsThePath()
    {
        var app = new RollApp();
        app.Route("/known", (request, response) => { });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/unknown/place?with=query");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("/unknown/place", response.Text);
    }

    [Fact]
    public async Task AKnownPathWithAnotherMethodIsA405ThatListsTheAllowedMethods()
    {
        var app = new RollApp();
        app.Route("/thing", (request, response) => { }, methods: ["GET", "POST"]);
        await using var client = new TestClient(app);

        var response = await client.DeleteAsync("/thing");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("Method Not Allowed", response.Text);
        var allowed = response.Headers["Allow"]!.Split(", ");
        Assert.Equal(["GET", "HEAD", "POST"], allowed.Order());
    }

    [Fact]
    public async Task MethodsDefaultToGet()
    {
        var app = new RollApp();
        app.Route("/default", (request, response) => { response.Body = "got"; });
        await using var client = new TestClient(app);

        Assert.Equal("got", (await client.GetAsync("/default")).Text);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/default", "x")).Status);
    }

    [Fact]
    public async Task MethodsAreMatchedWhateverTheCaseTheyWereRegisteredIn()
    {
        var app = new RollApp();
        app.Route("/lower", (request, response) => { response.Body = request.Method; }, methods: ["post"]);
        await using var client = new TestClient(app);

        Assert.Equal("POST", (await client.PostAsync("/lower", "x")).Text);
    }

    [Fact]
    public async Task AHeadRequestIsAnsweredByTheGetHandlerWithItsHeadersAndNoBody()
    {
        var app = new RollApp();
        app.Route("/page", (request, response) =>
        {
            response.Headers["X-Seen"] = request.Method;
            response.Body = "twelve bytes";
        });
        await using var client = new TestClient(app);

        var response = await client.HeadAsync("/page");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("HEAD", response.Headers["X-Seen"]);
        Assert.Equal("12", response.Headers["Content-Length"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task OnePathMayHaveOneHandlerForGetAndAnotherForPost()
    {
        var app = new RollApp();
        app.Route("/form", (request, response) => { response.Body = "the form"; });
        app.Route("/form", (request, response) => { response.Status = HttpStatusCode.Created; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var get = await client.GetAsync("/form");
        var post = await client.PostAsync("/form", "x");

        Assert.Equal("the form", get.Text);
        Assert.Equal(HttpStatusCode.Created, post.Status);
        Assert.Single(app.Routes);
    }

    [Fact]
    public async Task TheStarMethodAnswersEveryMethod()
    {
        var app = new RollApp();
        app.Route("/any", (request, response) => { response.Body = request.Method; }, methods: [Route.AnyMethod]);
        await using var client = new TestClient(app);

        Assert.Equal("GET", (await client.GetAsync("/any")).Text);
        Assert.Equal("PATCH", (await client.PatchAsync("/any", "x")).Text);
        Assert.Equal("DELETE", (await client.DeleteAsync("/any")).Text);
        Assert.Equal("PURGE", (await client.RequestAsync("PURGE", "/any")).Text);
    }

    [Fact]
    public async Task AMethodOfItsOwnWinsOverTheStarMethod()
    {
        var app = new RollApp();
        app.Route("/any", (request, response) => { response.Body = "star"; }, methods: ["*"]);
        app.Route("/any", (request, response) => { response.Body = "post"; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        Assert.Equal("post", (await client.PostAsync("/any", "x")).Text);
        Assert.Equal("star", (await client.PutAsync("/any", "x")).Text);
    }

    [Fact]
    public async Task ExtrasGivenAtRegistrationAreReadableFromTheRequestsRoute()
    {
        var app = new RollApp();
        app.Route("/extras", (request, response) =>
        {
            var route = request.Route.Route!;
            response.Body = string.Join('|',
                route.Pattern,
                route.Name,
                route.LazyBody,
                string.Join(',', route.Accepts),
                request.Route.Extras["owner"],
                request.Route.Extras["weight"]);
        }, name: "extras-page", accepts: ["text/html", "application/json"],
            extras: new Dictionary<string, object?> { ["owner"] = "team-a", ["weight"] = 3 });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/extras");

        Assert.Equal("/extras|extras-page|False|text/html,application/json|team-a|3", response.Text);
    }

    [Fact]
    public async Task ALazyBodyRouteSaysSoOnItsRoute()
    {
        var app = new RollApp();
        app.Route("/upload", (request, response) => { response.Body = request.Route.Route!.LazyBody.ToString(); },
            methods: ["POST"], lazyBody: true);
        await using var client = new TestClient(app);

        Assert.Equal("True", (await client.PostAsync("/upload", "data")).Text);
    }

    [Fact]
    public void AHandlerTakingFewerValuesThanThePathHasPlaceholdersFailsAtRegistration()
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(
            () => app.Route("/{a}/{b}", (request, response, a) => { }));

        Assert.Contains("'/{a}/{b}'", error.Message);
        Assert.Contains("takes 1 placeholder value(s) but the path has 2", error.Message);
    }

    [Fact]
    public void AHandlerTakingValuesForAPathWithoutPlaceholdersFailsAtRegistration()
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(
            () => app.Route("/plain", (request, response, a, b, c) => { }));

        Assert.Contains("takes 3 placeholder value(s) but the path has 0", error.Message);
    }

    [Fact]
    public async Task AFailedRegistrationLeavesThePathFreeForACorrectOne()
    {
        var app = new RollApp();
        Assert.Throws<ArgumentException>(() => app.Route("/items/{id}", (request, response, a, b) => { }));
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/items/1")).Status);
        app.Route("/items/{id}", (request, response, id) => { response.Body = id; });
        Assert.Equal("1", (await client.GetAsync("/items/1")).Text);
    }

    [Fact]
    public async Task ARouteWithAnEmptyMethodListFailsAtRegistrationAndLeavesThePathFree()
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(() => app.Route("/none", (request, response) => { }, methods: []));
        await using var client = new TestClient(app);

        Assert.Contains("needs at least one method", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/none")).Status);
    }

    [Fact]
    public void RegisteringAMethodTwiceOnAPathFails()
    {
        var app = new RollApp();
        app.Route("/twice", (request, response) => { }, methods: ["GET", "POST"]);

        var error = Assert.Throws<ArgumentException>(
            () => app.Route("/twice", (request, response) => { }, methods: ["post"]));

        Assert.Contains("already has a POST handler", error.Message);
    }

    [Fact]
    public async Task ARegistrationRefusedForOneOfItsMethodsAddsNoneOfThem()
    {
        var app = new RollApp();
        app.Route("/twice", (request, response) => { response.Body = "first"; });
        Assert.Throws<ArgumentException>(
            () => app.Route("/twice", (request, response) => { response.Body = "second"; }, methods: ["POST", "GET"]));
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/twice", "x")).Status);
        Assert.Equal("first", (await client.GetAsync("/twice")).Text);
    }

    [Fact]
    public async Task AMethodListedTwiceInOneRegistrationIsRegisteredOnce()
    {
        var app = new RollApp();
        app.Route("/once", (request, response) => { response.Body = "ok"; }, methods: ["GET", "get"]);
        await using var client = new TestClient(app);

        Assert.Equal("ok", (await client.GetAsync("/once")).Text);
    }

    [Fact]
    public void RouteAddedListenersReceiveEachRegisteredRouteAndItsHandler()
    {
        var app = new RollApp();
        var added = new List<(string Pattern, object Handler, string? Name)>();
        app.OnRouteAdded((route, handler) => added.Add((route.Pattern, handler, route.Name)));
        Action<Request, Response> handler = (request, response) => { };

        app.Route("/one", handler, name: "one");
        app.Route("/two/{x}", (request, response, x) => { });

        Assert.Equal(2, added.Count);
        Assert.Equal(("/one", (object)handler, "one"), added[0]);
        Assert.Equal("/two/{x}", added[1].Pattern);
        Assert.IsType<Action<Request, Response, string>>(added[1].Handler);
    }
}

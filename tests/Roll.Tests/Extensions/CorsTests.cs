using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class CorsTests
{
    private static RollApp App(Action<RollApp> extend)
    {
        var app = new RollApp();
        extend(app);
        app.Route("/hello", (request, response) => response.Body = "hello", methods: ["GET", "POST"]);
        return app;
    }

    [Fact]
    public async Task EveryAnswerGetsTheAllowOriginHeader()
    {
        await using var client = new TestClient(App(app => app.Cors()));

        var response = await client.GetAsync("/hello");

        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
        Assert.Null(response.Headers["Access-Control-Allow-Methods"]);
        Assert.Null(response.Headers["Access-Control-Allow-Credentials"]);
    }

    [Fact]
    public async Task ErrorsGetTheHeadersToo()
    {
        await using var client = new TestClient(App(app => app.Cors()));

        var response = await client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"]);
    }

    [Fact]
    public async Task MethodsAndHeadersAreListed()
    {
        await using var client = new TestClient(App(app => app.Cors(methods: ["get", "post"], headers: ["X-Token", "Content-Type"])));

        var response = await client.GetAsync("/hello");

        Assert.Equal("GET, POST", response.Headers["Access-Control-Allow-Methods"]);
        Assert.Equal("X-Token, Content-Type", response.Headers["Access-Control-Allow-Headers"]);
    }

    [Fact]
    public async Task MethodsStarMeansEveryMethod()
    {
        await using var client = new TestClient(App(app => app.Cors(methods: ["*"])));

        var response = await client.GetAsync("/hello");

        Assert.Equal("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", response.Headers["Access-Control-Allow-Methods"]);
    }

    [Fact]
    public async Task CredentialsAreAllowedForARealOriginWhichCachesVaryOn()
    {
        await using var client = new TestClient(App(app => app.Cors(origin: "https://example.org", credentials: true)));

        var response = await client.GetAsync("/hello");

        Assert.Equal("https://example.org", response.Headers["Access-Control-Allow-Origin"]);
        Assert.Equal("true", response.Headers["Access-Control-Allow-Credentials"]);
        Assert.Equal("Origin", response.Headers["Vary"]);
    }

    [Fact]
    public void CredentialsWithTheWildcardOriginFailAtRegistration()
    {
        var error = Assert.Throws<ArgumentException>(() => new RollApp().Cors(credentials: true));

        Assert.Contains("origin: \"https://example.org\"", error.Message);
    }

    // snippet: preflight
    [Fact]
    public async Task ABrowsersPreflightSucceedsWithOptions()
    {
        var app = new RollApp();
        app.Options();
        app.Cors(origin: "https://example.org", methods: ["GET", "POST"], headers: ["Content-Type"]);
        app.Route("/hello", (request, response) => response.Body = "hello", methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.OptionsAsync("/hello", new Dictionary<string, string>
        {
            ["Origin"] = "https://example.org",
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "content-type",
        });

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("https://example.org", response.Headers["Access-Control-Allow-Origin"]);
        Assert.Equal("GET, POST", response.Headers["Access-Control-Allow-Methods"]);
        Assert.Equal("Content-Type", response.Headers["Access-Control-Allow-Headers"]);
    }
    // end-snippet
}

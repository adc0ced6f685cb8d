using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of the testing reference.</summary>
public class TestingExamples : RollTestBase
{
    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        app.Route("/echo", (request, response) =>
        {
            response.Json = new JsonObject
            {
                ["contentType"] = request.ContentType,
                ["body"] = Encoding.UTF8.GetString(request.Body),
                ["authorization"] = request.Headers["Authorization"],
            };
        }, methods: ["*"]);
        app.Route("/login", (request, response) =>
        {
            response.Cookies.Set("session", request.Form.Get("user"), httpOnly: true);
        }, methods: ["POST"]);
        app.Route("/upload", (request, response) =>
        {
            var file = request.Files.Get("report");
            response.Body = $"{file.FileName}: {file.ReadText()}";
        }, methods: ["POST"]);
        return app;
    }

    // snippet: bodies
    [Fact]
    public async Task TheBodyIsEncodedFromItsContentType()
    {
        var json = await Client.PostAsync("/echo", new JsonObject { ["name"] = "Ada" });
        var form = await Client.PostAsync("/echo", new Dictionary<string, string> { ["name"] = "Ada Lovelace" },
            "application/x-www-form-urlencoded");
        var text = await Client.PutAsync("/echo", "plain text");

        Assert.Equal("application/json; charset=utf-8", (string?)json.Json!["contentType"]);
        Assert.Equal("""{"name":"Ada"}""", (string?)json.Json!["body"]);
        Assert.Equal("name=Ada%20Lovelace", (string?)form.Json!["body"]);
        Assert.Equal("text/plain; charset=utf-8", (string?)text.Json!["contentType"]);
    }
    // end-snippet

    // snippet: files
    [Fact]
    public async Task FilesAreSentAsMultipart()
    {
        var response = await Client.PostAsync("/upload",
            files: [new TestFile("report", "report.txt", "all good"u8.ToArray(), "text/plain")]);

        Assert.Equal("report.txt: all good", response.Text);
    }
    // end-snippet

    // snippet: default-headers
    [Fact]
    public async Task DefaultHeadersGoWithEveryRequest()
    {
        Client.DefaultHeaders["Authorization"] = "Bearer t0ken";

        var response = await Client.GetAsync("/echo");

        Assert.Equal("Bearer t0ken", (string?)response.Json!["authorization"]);
    }
    // end-snippet

    // snippet: cookies
    [Fact]
    public async Task CookiesAreReadFromTheResponse()
    {
        var response = await Client.PostAsync("/login", new Dictionary<string, string> { ["user"] = "ada" },
            "application/x-www-form-urlencoded");

        Assert.Equal("ada", response.Cookies["session"]);
        Assert.Equal("session=ada; httponly", response.SetCookies[0]);
    }
    // end-snippet

    // snippet: raw
    [Fact]
    public async Task RawBytesGoThroughTheParserAsTheyAre()
    {
        var response = await Client.SendRawAsync(Encoding.ASCII.GetBytes(
            "GET /echo HTTP/1.1\r\nHost: example.org\r\nAuthorization: Basic YWRhOg==\r\n\r\n"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Basic YWRhOg==", (string?)response.Json!["authorization"]);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response.Raw);
    }
    // end-snippet
}

/// <summary>Tests that start the app themselves, without <see cref="RollTestBase"/>.</summary>
public class TestingWithoutTheBaseClassExamples
{
    // snippet: start
    [Fact]
    public async Task TestClientStartAsyncRunsStartupAndDisposalRunsShutdown()
    {
        var events = new List<string>();
        var app = new RollApp();
        app.OnStartup(() => events.Add("startup"));
        app.OnShutdown(() => events.Add("shutdown"));
        app.Route("/", (request, response) => response.Body = "OK");

        await using (var client = await TestClient.StartAsync(app))
        {
            Assert.Equal("OK", (await client.GetAsync("/")).Text);
        }

        Assert.Equal(["startup", "shutdown"], events);
    }
    // end-snippet

    // snippet: live
    [Fact]
    public async Task LiveClientServesTheAppOnARealPort()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", (request, response, name) => response.Body = $"Hello {name}");
        await using var client = await LiveClient.StartAsync(app);

        var fromVerbs = await client.GetAsync("/hello/verbs");
        var fromHttpClient = await client.Http.GetStringAsync("/hello/HttpClient");

        Assert.Equal("Hello verbs", fromVerbs.Text);
        Assert.Equal("Hello HttpClient", fromHttpClient);
        Assert.NotEqual(0, client.Port);
    }
    // end-snippet
}

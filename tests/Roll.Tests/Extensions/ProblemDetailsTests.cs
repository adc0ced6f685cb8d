using System.Net;
using System.Text.Json;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class ProblemDetailsTests
{
    private static RollApp App()
    {
        var app = new RollApp();
        app.ProblemDetails();
        app.Route("/teapot", (request, response) => throw new HttpError(418, "No coffee here"));
        app.Route("/plain", (request, response) => throw new HttpError(HttpStatusCode.Conflict));
        // snippet: problem-error
        app.Route("/typed", (request, response) =>
            throw new ProblemError(HttpStatusCode.Forbidden, type: "https://example.org/probs/out-of-credit", detail: "Your balance is 30"));
        // end-snippet
        app.Route("/crash", (request, response) => throw new InvalidOperationException("password=hunter2"));
        app.Route("/fine", (request, response) => response.Body = "fine");
        return app;
    }

    private static async Task<TestResponse> GetAsync(string path, string? accept = "application/json")
    {
        await using var client = new TestClient(App());
        return await client.GetAsync(path, accept is null ? null : new Dictionary<string, string> { ["Accept"] = accept });
    }

    private static JsonElement Problem(TestResponse response)
    {
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    [Fact]
    public async Task AnHttpErrorBecomesAProblemDocument()
    {
        var response = await GetAsync("/teapot");

        Assert.Equal((HttpStatusCode)418, response.Status);
        Assert.Equal(
            """{"type":"about:blank","title":"I'm a teapot","status":418,"detail":"No coffee here","instance":"/teapot"}""",
            response.Text);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
    }

    [Fact]
    public async Task AnErrorWithoutAMessageOfItsOwnHasNoDetail()
    {
        var problem = Problem(await GetAsync("/plain"));

        Assert.Equal("Conflict", problem.GetProperty("title").GetString());
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.False(problem.TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task AnUnknownPathIsANotFoundProblem()
    {
        var problem = Problem(await GetAsync("/nowhere/at/all"));

        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Equal("/nowhere/at/all", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task AProblemErrorNamesItsType()
    {
        var problem = Problem(await GetAsync("/typed"));

        Assert.Equal("https://example.org/probs/out-of-credit", problem.GetProperty("type").GetString());
        Assert.Equal("Your balance is 30", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnExceptionIsA500ProblemWithoutItsMessage()
    {
        var response = await GetAsync("/crash");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(
            """{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"/crash"}""", response.Text);
        Assert.DoesNotContain("hunter2", response.Text);
    }

    [Fact]
    public async Task ShowingErrorDetailsStillKeepsTheExceptionsMessageOutOfTheDocument()
    {
        var app = App();
        app.ShowErrorDetails = true;
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/crash");

        Assert.DoesNotContain("hunter2", response.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/problem+json")]
    [InlineData("application/*")]
    [InlineData("text/plain;q=0.5, application/json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public async Task AClientThatAcceptsJsonGetsTheDocument(string? accept)
    {
        var response = await GetAsync("/teapot", accept);

        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/json;q=0.5, text/plain")]
    [InlineData("application/json;q=0, */*")]
    [InlineData("not a media type;;")]
    public async Task AClientThatPrefersTextGetsTheMessageAsText(string accept)
    {
        var response = await GetAsync("/teapot", accept);

        Assert.Equal((HttpStatusCode)418, response.Status);
        Assert.Equal("No coffee here", response.Text);
        Assert.StartsWith("text/plain", response.Headers["Content-Type"]);
    }

    [Fact]
    public async Task SuccessfulAnswersAreLeftAlone()
    {
        var response = await GetAsync("/fine");

        Assert.Equal("fine", response.Text);
        Assert.StartsWith("text/plain", response.Headers["Content-Type"]);
    }

    [Fact]
    public async Task WithoutTheExtensionErrorsStayPlainText()
    {
        var app = new RollApp();
        app.Route("/teapot", (request, response) => throw new HttpError(418, "No coffee here"));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/teapot", new Dictionary<string, string> { ["Accept"] = "application/json" });

        Assert.Equal("No coffee here", response.Text);
    }
}

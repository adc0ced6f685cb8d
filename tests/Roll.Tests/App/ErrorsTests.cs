using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>Errors: an HttpError thrown from anywhere becomes its status and message; anything else is a 500.</summary>
public class ErrorsTests
{
    /// <summary>An error that renders itself as an HTML page.</summary>
    private sealed class HtmlError(HttpStatusCode status, string message) : HttpError(status, message)
    {
        public override string Body => $"<h1>{(int)Status}</h1><p>{WebUtility.HtmlEncode(Message)}</p>";
    }

    private static string LoadUser(string id) =>
        id == "1" ? "alice" : throw new HttpError(HttpStatusCode.NotFound, $"No user {id}");

    [Fact]
    public async Task AnHttpErrorThrownByAHandlerIsItsStatusAndMessage()
    {
        var app = new RollApp();
        app.Route("/pay", (request, response) => throw new HttpError(HttpStatusCode.PaymentRequired, "Pay first"));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/pay");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.Status);
        Assert.Equal("Payment Required", response.Reason);
        Assert.Equal("Pay first", response.Text);
        Assert.Equal("text/plain; charset=utf-8", response.Headers["Content-Type"]);
    }

    [Fact]
    public async Task AnHttpErrorThrownAfterAnAwaitIsItsStatusAndMessage()
    {
        var app = new RollApp();
        app.Route("/later", async (request, response) =>
        {
            await Task.Yield();
            throw new HttpError(HttpStatusCode.Conflict, "Changed meanwhile");
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/later");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("Changed meanwhile", response.Text);
    }

    [Fact]
    public async Task AnHttpErrorThrownByAHelperDeepInTheHandlerIsItsStatusAndMessage()
    {
        var app = new RollApp();
        app.Route("/users/{id}", (request, response, id) => { response.Body = LoadUser(id); });
        await using var client = new TestClient(app);

        var found = await client.GetAsync("/users/1");
        var missing = await client.GetAsync("/users/7");

        Assert.Equal("alice", found.Text);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("No user 7", missing.Text);
    }

    [Fact]
    public async Task AnHttpErrorThrownByAHeadersListenerIsItsStatusAndMessage()
    {
        var app = new RollApp();
        var handled = false;
        app.OnHeaders((request, response) =>
        {
            if (request.Headers["X-Api-Key"] != "k")
            {
                throw new HttpError(HttpStatusCode.Unauthorized, "Missing API key");
            }
        });
        app.Route("/", (request, response) => { handled = true; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("Missing API key", response.Text);
        Assert.False(handled);
    }

    [Fact]
    public async Task AnHttpErrorThrownByAResponseListenerIsItsStatusAndMessage()
    {
        var app = new RollApp();
        app.OnResponse((request, response) =>
        {
            if (response.Body.ToString().Contains("secret", StringComparison.Ordinal))
            {
                throw new HttpError(HttpStatusCode.UnavailableForLegalReasons, "Redacted");
            }
        });
        app.Route("/", (request, response) => { response.Body = "the secret plan"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, response.Status);
        Assert.Equal("Redacted", response.Text);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Bad Request")]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Service Unavailable")]
    [InlineData((HttpStatusCode)418, "I'm a teapot")]
    public async Task WithoutAMessageTheBodyIsTheReasonPhrase(HttpStatusCode status, string phrase)
    {
        var app = new RollApp();
        app.Route("/", (request, response) => throw new HttpError(status));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(status, response.Status);
        Assert.Equal(phrase, response.Reason);
        Assert.Equal(phrase, response.Text);
    }

    [Fact]
    public async Task AnHttpErrorMayBeGivenANumericStatus()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => throw new HttpError(422, "Bad fields"));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(422, response.StatusCode);
        Assert.Equal("Bad fields", response.Text);
    }

    [Fact]
    public async Task AnHttpErrorWithAStatusThatAStatusLineCannotHoldIsA500()
    {
        var app = new RollApp { ShowErrorDetails = true };
        app.Route("/", (request, response) => throw new HttpError(42, "Not a status"));
        app.Route("/next", (request, response) => { response.Body = "next"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");
        var next = await client.GetAsync("/next");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains("'42' is not an HTTP status", response.Text);
        Assert.Equal("next", next.Text);
    }

    [Fact]
    public async Task AnyOtherExceptionIsA500ThatTellsTheClientNothingOfIt()
    {
        var app = new RollApp();
        app.Route("/divide/{n}", (request, response, n) =>
        {
            response.Body = (10 / int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        await using var client = new TestClient(app);

        var fine = await client.GetAsync("/divide/2");
        var broken = await client.GetAsync("/divide/0");

        Assert.Equal("5", fine.Text);
        Assert.Equal(HttpStatusCode.InternalServerError, broken.Status);
        Assert.Equal("Internal Server Error", broken.Text);
    }

    [Fact]
    public async Task TheConnectionServesTheNextRequestAfterAnError()
    {
        var app = new RollApp();
        app.Route("/boom", (request, response) => throw new InvalidOperationException("boom"));
        app.Route("/fine", (request, response) => { response.Body = "fine"; });
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/boom")).Status);
        Assert.Equal("fine", (await client.GetAsync("/fine")).Text);
    }

    [Fact]
    public async Task ASubclassOfHttpErrorRendersItsOwnBodyAndAnErrorListenerGivesItsContentType()
    {
        var app = new RollApp();
        app.OnError((request, response, error) =>
        {
            if (error is HtmlError)
            {
                response.Headers["Content-Type"] = "text/html; charset=utf-8";
            }
        });
        app.Route("/page", (request, response) => throw new HtmlError(HttpStatusCode.NotFound, "No page <here>"));
        app.Route("/plain", (request, response) => throw new HttpError(HttpStatusCode.NotFound, "Plain"));
        await using var client = new TestClient(app);

        var html = await client.GetAsync("/page");
        var plain = await client.GetAsync("/plain");

        Assert.Equal(HttpStatusCode.NotFound, html.Status);
        Assert.Equal("text/html; charset=utf-8", html.Headers["Content-Type"]);
        Assert.Equal("<h1>404</h1><p>No page &lt;here&gt;</p>", html.Text);
        Assert.Equal("text/plain; charset=utf-8", plain.Headers["Content-Type"]);
        Assert.Equal("Plain", plain.Text);
    }

    [Fact]
    public async Task InvalidJsonIsA400NotA500()
    {
        var app = new RollApp();
        app.Route("/json", (request, response) => { response.Body = request.Json?.ToJsonString() ?? "null"; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/json", "{\"unfinished\": ", contentType: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unparsable JSON body", response.Text);
    }

    [Fact]
    public async Task InvalidJsonReadThroughATypeInfoIsA400NotA500()
    {
        var app = new RollApp();
        app.Route("/json", (request, response) => { response.Body = request.GetJson(AppJsonContext.Default.Item)!.Name; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/json", "{\"name\": 12}", contentType: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unparsable JSON body", response.Text);
    }

    [Fact]
    public async Task AnErrorListenerCanReachTheParsersOwnException()
    {
        var app = new RollApp();
        app.OnError((request, response, error) => response.Headers["X-Cause"] = error.InnerException?.GetType().Name);
        app.Route("/json", (request, response) => { _ = request.Json; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/json", "[1, 2", contentType: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.EndsWith("Exception", response.Headers["X-Cause"]);
    }

    [Fact]
    public async Task AMultipartBodyWithoutItsClosingBoundaryIsA400NotA500()
    {
        var app = new RollApp();
        app.Route("/form", (request, response) => { response.Body = request.Form.Get("a"); }, methods: ["POST"]);
        await using var client = new TestClient(app);
        var truncated = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue";

        var response = await client.PostAsync("/form", truncated, contentType: "multipart/form-data; boundary=XyZ");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unparsable multipart body", response.Text);
    }

    [Fact]
    public async Task AMultipartBodyWithoutABoundaryIsA400NotA500()
    {
        var app = new RollApp();
        app.Route("/form", (request, response) => { response.Body = request.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture); }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.SendRawAsync(Encoding.ASCII.GetBytes(
            "POST /form HTTP/1.1\r\nHost: testserver\r\nContent-Type: multipart/form-data\r\nContent-Length: 7\r\n\r\n--x\r\n\r\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unparsable multipart body", response.Text);
    }

    [Fact]
    public async Task AnUrlencodedBodyThatIsNotUtf8IsA400NotA500()
    {
        var app = new RollApp();
        app.Route("/form", (request, response) => { response.Body = request.Form.Get("name"); }, methods: ["POST"]);
        await using var client = new TestClient(app);
        var latin1 = Encoding.Latin1.GetBytes("name=Jérôme");

        var response = await client.PostAsync("/form", latin1, contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unparsable urlencoded body", response.Text);
    }
}

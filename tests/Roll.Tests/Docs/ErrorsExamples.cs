using System.Net;
using Roll.Testing;

namespace Roll.Tests.Docs;

// snippet: html-error
/// <summary>An error answered with a small HTML page instead of plain text.</summary>
public class HtmlError(HttpStatusCode status, string title) : HttpError(status, title)
{
    public override string Body => $"<!doctype html><title>{WebUtility.HtmlEncode(Message)}</title><h1>{WebUtility.HtmlEncode(Message)}</h1>";
}
// end-snippet

/// <summary>The examples of "How to return an HTTP error" and of the errors reference.</summary>
public class ErrorsExamples : RollTestBase
{
    // snippet: helper
    private static readonly Dictionary<string, string> s_users = new() { ["1"] = "Ada", ["2"] = "Grace" };

    private static string FindUser(string id) =>
        s_users.TryGetValue(id, out var name) ? name : throw new HttpError(HttpStatusCode.NotFound, $"No user {id}");
    // end-snippet

    protected override RollApp CreateApp()
    {
        var app = new RollApp();

        // snippet: from-anywhere
        app.Route("/users/{id:digit}", (request, response, id) =>
        {
            response.Body = FindUser(id);
        });
        // end-snippet

        // snippet: status-only
        app.Route("/teapot", (request, response) =>
        {
            throw new HttpError(418);
        });
        // end-snippet

        // snippet: unexpected
        app.Route("/divide/{a:digit}/{b:digit}", (request, response, a, b) =>
        {
            response.Body = (int.Parse(a) / int.Parse(b)).ToString();
        });
        // end-snippet

        // snippet: html
        app.Route("/old-page", (request, response) =>
        {
            throw new HtmlError(HttpStatusCode.Gone, "This page has gone");
        });

        app.OnError((request, response, error) =>
        {
            if (error is HtmlError)
            {
                response.Headers["Content-Type"] = "text/html; charset=utf-8";
            }
        });
        // end-snippet

        return app;
    }

    // snippet: test-from-anywhere
    [Fact]
    public async Task AnErrorThrownInAHelperBecomesTheResponse()
    {
        var found = await Client.GetAsync("/users/1");
        var missing = await Client.GetAsync("/users/3");

        Assert.Equal("Ada", found.Text);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("No user 3", missing.Text);
    }
    // end-snippet

    // snippet: test-status-only
    [Fact]
    public async Task WithoutAMessageTheBodyIsTheReasonPhrase()
    {
        var response = await Client.GetAsync("/teapot");

        Assert.Equal(418, response.StatusCode);
        Assert.Equal("I'm a teapot", response.Text);
    }
    // end-snippet

    // snippet: test-unexpected
    [Fact]
    public async Task AnyOtherExceptionIsA500ThatTellsTheClientNothing()
    {
        var response = await Client.GetAsync("/divide/1/0");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Internal Server Error", response.Text);
    }
    // end-snippet

    // snippet: show-details
    [Fact]
    public async Task ShowErrorDetailsSendsTheMessageWhileYouDevelop()
    {
        App.ShowErrorDetails = true;

        var response = await Client.GetAsync("/divide/1/0");

        Assert.Equal("Attempted to divide by zero.", response.Text);
    }
    // end-snippet

    // snippet: test-html
    [Fact]
    public async Task ASubclassCanAnswerHtml()
    {
        var response = await Client.GetAsync("/old-page");

        Assert.Equal(HttpStatusCode.Gone, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("<!doctype html><title>This page has gone</title><h1>This page has gone</h1>", response.Text);
    }
    // end-snippet

    // snippet: inner
    [Fact]
    public async Task ErrorListenersSeeTheOriginalExceptionAsInnerException()
    {
        Exception? original = null;
        App.OnError((request, response, error) => original = error.InnerException);

        await Client.GetAsync("/divide/1/0");

        Assert.IsType<DivideByZeroException>(original);
    }
    // end-snippet

    // snippet: failing-listener
    [Fact]
    public async Task AnErrorListenerThatThrowsEndsWithA500()
    {
        var later = false;
        App.OnError((request, response, error) => throw new InvalidOperationException("The error page is broken"));
        App.OnError((request, response, error) => later = true);

        var response = await Client.GetAsync("/teapot");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("Internal Server Error", response.Text);
        Assert.False(later);
    }
    // end-snippet

    // snippet: parser-errors
    [Fact]
    public async Task TheParsersThrowHttpErrorsToo()
    {
        var app = new RollApp();
        app.Route("/sum", (request, response) =>
        {
            response.Body = (request.Query.Int("a") + request.Query.Int("b")).ToString();
        });
        await using var client = new TestClient(app);

        var missing = await client.GetAsync("/sum?a=1");
        var wrong = await client.GetAsync("/sum?a=1&b=two");

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("Missing 'b' key", missing.Text);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("Key 'b' must be castable to int", wrong.Text);
    }
    // end-snippet
}

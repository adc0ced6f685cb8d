using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

// Roll's how-to "protect a view with a decorator", in C#: a function that takes a handler and returns one.
public class ProtectTests : RollTestBase
{
    // snippet: protect-decorator
    private static Func<Request, Response, Task> LoginRequired(Func<Request, Response, Task> handler)
    {
        return (request, response) =>
        {
            if (!request.Cookies.TryGetValue("session", out var session) || session != "valid")
            {
                response.Redirect("/login");
                return Task.CompletedTask;
            }
            request["user"] = "ada";
            return handler(request, response);
        };
    }

    private static Task Dashboard(Request request, Response response)
    {
        response.Body = $"Hello {request["user"]}";
        return Task.CompletedTask;
    }

    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        app.Route("/dashboard", LoginRequired(Dashboard), name: "dashboard");
        return app;
    }
    // end-snippet

    [Fact]
    public async Task AnAnonymousVisitorIsSentToTheLoginPage()
    {
        var response = await Client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("/login", response.Headers["Location"]);
    }

    [Fact]
    public async Task ALoggedInVisitorReachesTheHandler()
    {
        var response = await Client.GetAsync("/dashboard", new Dictionary<string, string> { ["Cookie"] = "session=valid" });

        Assert.Equal("Hello ada", response.Text);
    }
}

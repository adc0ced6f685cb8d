using System.Net;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>Listeners that only react are written without a result: no <c>return false;</c> or <c>return null;</c>, and they never stop the chain.</summary>
public class ListenersThatNeverStopTests
{
    private sealed record Signup(string Email);

    // snippet: never-stop
    [Fact]
    public async Task AsyncCustomListenersWithoutAResultNeverStopTheChain()
    {
        var app = new RollApp();
        var sent = new List<string>();
        app.Listen<Signup>(async signup =>
        {
            await Task.Yield();
            sent.Add($"welcome mail to {signup.Email}");
        });
        app.Listen("signup", async email =>
        {
            await Task.Yield();
            sent.Add($"audit: {email}");
        });
        app.Listen<Signup>(signup => Task.FromResult<object?>($"account for {signup.Email}"));

        var account = await app.HookAsync(new Signup("ada@example.com"));
        var nobody = await app.HookAsync("signup", "ada@example.com");

        Assert.Equal("account for ada@example.com", account);
        Assert.Null(nobody);
        Assert.Equal(["welcome mail to ada@example.com", "audit: ada@example.com"], sent);
    }
    // end-snippet

    [Fact]
    public async Task HeadersAndRequestListenersWithoutAResultNeverSkipTheHandler()
    {
        var app = new RollApp();
        app.OnHeaders((request, response) => response.Headers["X-Seen"] = "headers");
        app.OnHeaders(async (request, response) =>
        {
            await Task.Yield();
            response.Headers["X-Async"] = "headers";
        });
        app.OnRequest((request, response) => { response.Headers["X-Request"] = "sync"; });
        app.OnRequest(async (request, response) =>
        {
            await Task.Yield();
            response.Headers["X-Request-Async"] = "async";
        });
        app.Route("/", (request, response) => response.Body = "handled");
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("handled", response.Text);
        Assert.Equal("headers", response.Headers["X-Async"]);
        Assert.Equal("async", response.Headers["X-Request-Async"]);
    }
}

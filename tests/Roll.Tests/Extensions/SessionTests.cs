using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class SessionTests
{
    private const string Secret = "a secret of well more than thirty-two characters";

    private static RollApp App(Action<RollApp>? sessions = null)
    {
        var app = new RollApp();
        app.SignedCookies([Secret]);
        (sessions ?? (a => a.Sessions()))(app);
        app.Route("/login", (request, response) => request.Session["name"] = request.Query.Get("name", "alice"));
        app.Route("/me", (request, response) => response.Body = request.Session["name"] ?? "(nobody)");
        app.Route("/same", (request, response) => request.Session["name"] = request.Session["name"]);
        app.Route("/logout", (request, response) => request.Session.Clear());
        return app;
    }

    private static Dictionary<string, string> Cookie(string value) => new() { ["Cookie"] = $"session={value}" };

    [Fact]
    public async Task ASessionValueComesBackOnTheNextRequest()
    {
        await using var client = new TestClient(App());

        var login = await client.GetAsync("/login?name=zoë");
        var me = await client.GetAsync("/me", Cookie(login.Cookies["session"]));

        Assert.Equal("zoë", me.Text);
    }

    [Fact]
    public async Task TheSessionCookieHasSafeDefaults()
    {
        await using var client = new TestClient(App());

        var header = (await client.GetAsync("/login")).SetCookies.Single();

        Assert.StartsWith("session=", header);
        Assert.Contains("httponly", header);
        Assert.Contains("samesite=lax", header);
        Assert.Contains("path=/", header);
        Assert.Contains($"max-age={(int)TimeSpan.FromDays(14).TotalSeconds}", header);
        Assert.DoesNotContain("secure", header);
    }

    [Fact]
    public async Task AnUnchangedSessionSetsNoCookie()
    {
        await using var client = new TestClient(App());
        var token = (await client.GetAsync("/login")).Cookies["session"];

        Assert.Empty((await client.GetAsync("/me", Cookie(token))).SetCookies);
        Assert.Empty((await client.GetAsync("/same", Cookie(token))).SetCookies);
        Assert.Empty((await client.GetAsync("/me")).SetCookies);
    }

    [Fact]
    public async Task ATamperedSessionIsEmpty()
    {
        await using var client = new TestClient(App());
        var token = (await client.GetAsync("/login")).Cookies["session"];
        var tampered = token[..^2] + (token[^2] == 'x' ? "y" : "x") + token[^1];

        Assert.Equal("(nobody)", (await client.GetAsync("/me", Cookie(tampered))).Text);
    }

    [Fact]
    public async Task ClearingTheSessionDeletesItsCookie()
    {
        await using var client = new TestClient(App());
        var token = (await client.GetAsync("/login")).Cookies["session"];

        var header = (await client.GetAsync("/logout", Cookie(token))).SetCookies.Single();

        Assert.StartsWith("session=;", header);
        Assert.Contains("max-age=0", header);
    }

    [Fact]
    public async Task TheCookieNameAndAttributesCanBeChosen()
    {
        await using var client = new TestClient(App(app => app.Sessions("sid", maxAge: TimeSpan.FromHours(1), sameSite: SameSite.Strict, secure: true)));

        var header = (await client.GetAsync("/login")).SetCookies.Single();

        Assert.StartsWith("sid=", header);
        Assert.Contains("samesite=strict", header);
        Assert.Contains("max-age=3600", header);
        Assert.Contains("secure", header);
    }

    [Fact]
    public async Task AnOversizedSessionIsAnError()
    {
        var app = App();
        app.Route("/big", (request, response) => request.Session["big"] = new string('x', 5000));
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/big");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Empty(response.SetCookies);
    }

    [Fact]
    public void SessionsWithoutKeysFailAtRegistration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RollApp().Sessions());

        Assert.Contains("SignedCookies", error.Message);
    }

    [Fact]
    public async Task UsingTheSessionWithoutTheExtensionIsA500()
    {
        var app = new RollApp();
        app.Route("/me", (request, response) => response.Body = request.Session["name"] ?? "");
        await using var client = new TestClient(app);

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/me")).Status);
    }
}

using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>The app's dictionary, where extensions keep their own state: <c>app["key"]</c>.</summary>
public class AppStateTests
{
    /// <summary>An extension as Roll writes them: a function that takes the app, keeps its state in it and listens to events.</summary>
    private static void CountVisits(RollApp app)
    {
        app["visits"] = new Dictionary<string, int>();
        app.OnResponse((request, response) =>
        {
            var visits = (Dictionary<string, int>)request.App["visits"]!;
            lock (visits)
            {
                visits[request.Path] = visits.GetValueOrDefault(request.Path) + 1;
            }
        });
    }

    [Fact]
    public void AKeyNeverSetIsNullAndAbsent()
    {
        var app = new RollApp();

        Assert.Null(app["nothing"]);
        Assert.False(app.ContainsKey("nothing"));
    }

    [Fact]
    public void AValueSetIsReadBackByItsKey()
    {
        var app = new RollApp();
        var store = new HashSet<string>();

        app["websockets"] = store;
        app["name"] = "demo";

        Assert.Same(store, app["websockets"]);
        Assert.Equal("demo", app["name"]);
        Assert.True(app.ContainsKey("websockets"));
    }

    [Fact]
    public void KeysAreCaseSensitive()
    {
        var app = new RollApp();

        app["Key"] = 1;

        Assert.Null(app["key"]);
        Assert.False(app.ContainsKey("KEY"));
    }

    [Fact]
    public void SettingAKeyAgainReplacesItsValueAndNullIsAValue()
    {
        var app = new RollApp();

        app["mode"] = "first";
        app["mode"] = "second";
        app["empty"] = null;

        Assert.Equal("second", app["mode"]);
        Assert.True(app.ContainsKey("empty"));
        Assert.Null(app["empty"]);
    }

    [Fact]
    public async Task AnExtensionsStateIsSharedByEveryRequestAndConnection()
    {
        var app = new RollApp();
        CountVisits(app);
        app.Route("/{page}", (request, response, page) => { response.Body = page; });
        await using var client = new TestClient(app);

        await client.GetAsync("/home");
        await client.GetAsync("/home", new Dictionary<string, string> { ["Connection"] = "close" });
        await client.GetAsync("/about");

        var visits = (Dictionary<string, int>)app["visits"]!;
        Assert.Equal(2, visits["/home"]);
        Assert.Equal(1, visits["/about"]);
    }

    [Fact]
    public async Task TheAppsStateIsApartFromARequestsOwnData()
    {
        var app = new RollApp();
        app["user"] = "the app's";
        app.Route("/", (request, response) =>
        {
            request["user"] = "the request's";
            response.Body = $"{request.App["user"]} / {request["user"]}";
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal("the app's / the request's", response.Text);
        Assert.Equal("the app's", app["user"]);
    }
}

using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class NamedUrlTests
{
    private static void Hello(Request request, Response response, string name) => response.Body = $"Hello {name}";

    private static void Item(Request request, Response response) => response.Body = request.Route.Vars.GetValueOrDefault("id", "all");

    private static void Other(Request request, Response response)
    {
    }

    private sealed class ProfileView : IGetView
    {
        public Task OnGetAsync(Request request, Response response) => Task.CompletedTask;
    }

    private static class Users
    {
        public static void List(Request request, Response response)
        {
        }
    }

    private static class Items
    {
        public static void List(Request request, Response response)
        {
        }
    }

    // snippet: named-url
    [Fact]
    public void ARouteIsNamedByItsNameOptionOrElseByItsHandler()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/hello/{name}", Hello);
        app.Route("/users/{id:digit}/posts/{slug}", (request, response) => { }, name: "post");
        app.Route("/profile", new ProfileView());

        Assert.Equal("/hello/world", urlFor("Hello", ("name", "world")));
        Assert.Equal("/users/42/posts/roll-out", urlFor("post", ("id", 42), ("slug", "roll-out")));
        Assert.Equal("/profile", urlFor("ProfileView"));
    }
    // end-snippet

    [Fact]
    public void ValuesAreEscapedAndPathPlaceholdersKeepTheirSlashes()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/hello/{name}", Hello);
        app.Route("/files/{path:path}", (request, response) => { }, name: "file");
        app.Route("/café/{any:any}", (request, response) => { }, name: "cafe");

        Assert.Equal("/hello/caf%C3%A9%20au%20lait%3F%23", urlFor("Hello", ("name", "café au lait?#")));
        Assert.Equal("/files/css/site%20main.css", urlFor("file", ("path", "css/site main.css")));
        Assert.Equal("/caf%C3%A9/", urlFor("cafe", ("any", "")));
    }

    [Fact]
    public async Task ABuiltUrlLeadsBackToItsRouteWithTheSameValue()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/hello/{name}", Hello);
        await using var client = new TestClient(app);

        var response = await client.GetAsync(urlFor("Hello", ("name", "Zoë & 100% <b>")));

        Assert.Equal("Hello Zoë & 100% <b>", response.Text);
    }

    [Theory]
    [InlineData("/h/{x}", "..")]
    [InlineData("/h/{x}", ".")]
    [InlineData("/h/{x:path}", "a/../b")]
    [InlineData("/h/{x:any}", "a/.")]
    [InlineData("/h/{x:path}", "..")]
    public void AValueThatMakesADotSegmentIsRefusedForEveryClientWouldRemoveIt(string pattern, string value)
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route(pattern, (request, response) => { }, name: "h");

        var error = Assert.Throws<ArgumentException>(() => urlFor("h", ("x", value)));

        Assert.Contains("segment", error.Message);
    }

    [Fact]
    public void DotsInsideASegmentAreKept()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/h/{x:path}", (request, response) => { }, name: "h");

        Assert.Equal("/h/.../a..b/.hidden", urlFor("h", ("x", ".../a..b/.hidden")));
    }

    [Fact]
    public async Task APathValueThatStartsWithASlashCannotMakeAUrlToAnotherHost()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/{x:path}", (request, response) => { response.Body = request.Route.Vars["x"]; }, name: "root");
        await using var client = new TestClient(app);

        var url = urlFor("root", ("x", "/evil.example/x"));

        Assert.Equal("/%2Fevil.example/x", url);
        Assert.Equal("/evil.example/x", (await client.GetAsync(url)).Text);
    }

    [Theory]
    [InlineData("/items/{id:digit}", "abc")]
    [InlineData("/items/{id:digit}", "")]
    [InlineData("/items/{id:alpha}", "a1")]
    [InlineData("/items/{id:alnum}", "a-1")]
    [InlineData("/items/{id}", "a/b")]
    [InlineData("/items/{id:path}", "")]
    [InlineData(@"/items/{id:\d{3}}", "12")]
    public void AValueThatDoesNotFitItsTypedPlaceholderIsAClearError(string pattern, string value)
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route(pattern, (request, response) => { }, name: "item");

        var error = Assert.Throws<ArgumentException>(() => urlFor("item", ("id", value)));

        Assert.Contains($"'{value}' does not fit {{id", error.Message);
    }

    [Fact]
    public void TypedPlaceholdersAreFilled()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route(@"/items/{id:digit}/{code:\d{3}}/{word:alpha}", (request, response) => { }, name: "item");

        Assert.Equal("/items/7/123/roll", urlFor("item", ("id", 7), ("code", "123"), ("word", "roll")));
    }

    [Fact]
    public void TwoDifferentHandlersUnderOneNameFailAtRegistration()
    {
        var app = new RollApp();
        app.NamedUrl();
        app.Route("/users", Users.List);

        var error = Assert.Throws<ArgumentException>(() => app.Route("/items", Items.List));

        Assert.Contains("Two different handlers are named 'List'", error.Message);
        Assert.Contains("name: \"another-name\"", error.Message);
    }

    [Fact]
    public void ExplicitNamesClashToo()
    {
        var app = new RollApp();
        app.NamedUrl();
        app.Route("/a", Other, name: "page");

        Assert.Throws<ArgumentException>(() => app.Route("/b", Item, name: "page"));
    }

    [Fact]
    public void OneHandlerOnTwoPathsIsFoundByTheValuesGiven()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/items", Item);
        app.Route("/items/{id:digit}", Item);

        Assert.Equal("/items", urlFor("Item"));
        Assert.Equal("/items/3", urlFor("Item", ("id", 3)));
    }

    [Fact]
    public void OnePathWithTwoMethodsMayHaveTwoHandlersUnderOneName()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/items", Item, name: "items");
        app.Route("/items", Other, methods: ["POST"], name: "items");

        Assert.Equal("/items", urlFor("items"));
    }

    [Fact]
    public void AMissingRouteIsAClearError()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/hello/{name}", Hello);

        var error = Assert.Throws<ArgumentException>(() => urlFor("hello", ("name", "x")));

        Assert.Contains("No route is named 'hello' (named routes: 'Hello')", error.Message);
    }

    [Fact]
    public void AMissingValueIsAClearError()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/users/{id}/posts/{slug}", Other, name: "post");

        var error = Assert.Throws<ArgumentException>(() => urlFor("post", ("id", "1")));

        Assert.Contains("'/users/{id}/posts/{slug}' needs a value for 'slug'", error.Message);
    }

    [Fact]
    public void AnUnknownValueIsAClearError()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/hello/{name}", Hello);

        var error = Assert.Throws<ArgumentException>(() => urlFor("Hello", ("name", "x"), ("page", 2)));

        Assert.Contains("has no placeholder 'page'", error.Message);
    }

    [Fact]
    public void LambdasHaveNoNameOfTheirOwn()
    {
        var app = new RollApp();
        var urlFor = app.NamedUrl();
        app.Route("/a", (request, response) => { });
        app.Route("/b", (request, response) => { });

        Assert.Throws<ArgumentException>(() => urlFor("a"));
    }

    [Fact]
    public void RoutesRegisteredBeforeAreKnownByTheirNameOption()
    {
        var app = new RollApp();
        app.Route("/early/{x}", Other, name: "early");
        var urlFor = app.NamedUrl();

        Assert.Equal("/early/1", urlFor("early", ("x", 1)));
    }

    [Fact]
    public void RoutesRegisteredBeforeAreKnownByTheirHandlerToo()
    {
        var app = new RollApp();
        app.Route("/hello/{name}", Hello);
        app.Route("/profile", new ProfileView());
        app.Route("/items", Item, methods: ["GET"]);
        app.Route("/items", (request, response) => { }, methods: ["POST"], name: "items");
        var urlFor = app.NamedUrl();

        Assert.Equal("/hello/world", urlFor("Hello", ("name", "world")));
        Assert.Equal("/profile", urlFor("ProfileView"));
        Assert.Equal("/items", urlFor("items"));
    }
}

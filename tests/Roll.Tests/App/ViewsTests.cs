using System.Net;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>Class-based views: a class answers the methods whose interfaces it implements, with one shared instance.</summary>
public class ViewsTests
{
    private sealed class ItemView : IGetView, IPostView
    {
        public Task OnGetAsync(Request request, Response response)
        {
            response.Body = $"get {request.Route.Vars["id"]}";
            return Task.CompletedTask;
        }

        public async Task OnPostAsync(Request request, Response response)
        {
            await Task.Yield();
            response.Status = HttpStatusCode.Created;
            response.Body = $"posted {System.Text.Encoding.UTF8.GetString(request.Body)} to {request.Route.Vars["id"]}";
        }
    }

    private sealed class CountingView : IGetView
    {
        private int _served;

        public Task OnGetAsync(Request request, Response response)
        {
            response.Body = Interlocked.Increment(ref _served).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }
    }

    private class ReadOnlyView : IGetView
    {
        public virtual Task OnGetAsync(Request request, Response response)
        {
            response.Body = "read";
            return Task.CompletedTask;
        }
    }

    private sealed class ReadWriteView : ReadOnlyView, IPutView
    {
        public Task OnPutAsync(Request request, Response response)
        {
            response.Body = "written";
            return Task.CompletedTask;
        }
    }

    private sealed class LoudView : ReadOnlyView
    {
        public override async Task OnGetAsync(Request request, Response response)
        {
            await base.OnGetAsync(request, response);
            response.Body = response.Body.ToString().ToUpperInvariant();
        }
    }

    private sealed class OwnHeadView : IGetView, IHeadView
    {
        public Task OnGetAsync(Request request, Response response)
        {
            response.Body = "full page";
            return Task.CompletedTask;
        }

        public Task OnHeadAsync(Request request, Response response)
        {
            response.Headers["X-Cheap"] = "yes";
            return Task.CompletedTask;
        }
    }

    private sealed class EveryMethodView : IGetView, IHeadView, IPostView, IPutView, IPatchView, IDeleteView, IOptionsView
    {
        public Task OnGetAsync(Request request, Response response) => Answer(response, "get");

        public Task OnHeadAsync(Request request, Response response) => Answer(response, "head");

        public Task OnPostAsync(Request request, Response response) => Answer(response, "post");

        public Task OnPutAsync(Request request, Response response) => Answer(response, "put");

        public Task OnPatchAsync(Request request, Response response) => Answer(response, "patch");

        public Task OnDeleteAsync(Request request, Response response) => Answer(response, "delete");

        public Task OnOptionsAsync(Request request, Response response) => Answer(response, "options");

        private static Task Answer(Response response, string method)
        {
            response.Headers["X-Method"] = method;
            return Task.CompletedTask;
        }
    }

    private sealed class NoMethodView : IView
    {
    }

    [Fact]
    public async Task AViewAnswersTheMethodsOfItsInterfaces()
    {
        var app = new RollApp();
        app.Route("/items/{id}", new ItemView());
        await using var client = new TestClient(app);

        var get = await client.GetAsync("/items/3");
        var post = await client.PostAsync("/items/3", "apple");

        Assert.Equal("get 3", get.Text);
        Assert.Equal(HttpStatusCode.Created, post.Status);
        Assert.Equal("posted apple to 3", post.Text);
    }

    [Fact]
    public async Task EveryMethodInterfaceIsServed()
    {
        var app = new RollApp();
        app.Route("/all", new EveryMethodView());
        await using var client = new TestClient(app);

        Assert.Equal("get", (await client.GetAsync("/all")).Headers["X-Method"]);
        Assert.Equal("head", (await client.HeadAsync("/all")).Headers["X-Method"]);
        Assert.Equal("post", (await client.PostAsync("/all")).Headers["X-Method"]);
        Assert.Equal("put", (await client.PutAsync("/all")).Headers["X-Method"]);
        Assert.Equal("patch", (await client.PatchAsync("/all")).Headers["X-Method"]);
        Assert.Equal("delete", (await client.DeleteAsync("/all")).Headers["X-Method"]);
        Assert.Equal("options", (await client.OptionsAsync("/all")).Headers["X-Method"]);
    }

    [Fact]
    public async Task OneInstanceServesEveryRequest()
    {
        var app = new RollApp();
        app.Route("/count", new CountingView());
        await using var client = new TestClient(app);

        await client.GetAsync("/count");
        await client.GetAsync("/count", new Dictionary<string, string> { ["Connection"] = "close" });
        var third = await client.GetAsync("/count");

        Assert.Equal("3", third.Text);
    }

    [Fact]
    public async Task AViewInheritsTheMethodsOfItsBaseClass()
    {
        var app = new RollApp();
        app.Route("/doc", new ReadWriteView());
        await using var client = new TestClient(app);

        Assert.Equal("read", (await client.GetAsync("/doc")).Text);
        Assert.Equal("written", (await client.PutAsync("/doc", "x")).Text);
    }

    [Fact]
    public async Task AViewMayOverrideAMethodOfItsBaseClass()
    {
        var app = new RollApp();
        app.Route("/loud", new LoudView());
        await using var client = new TestClient(app);

        Assert.Equal("READ", (await client.GetAsync("/loud")).Text);
    }

    [Fact]
    public void AViewWithNoMethodInterfaceFailsAtRegistration()
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(() => app.Route("/nothing", new NoMethodView()));

        Assert.Contains("NoMethodView", error.Message);
        Assert.Contains("'/nothing'", error.Message);
        Assert.Contains("IGetView", error.Message);
        Assert.Empty(app.Routes);
    }

    [Fact]
    public async Task AHeadRequestIsAnsweredByOnGetWithoutBody()
    {
        var app = new RollApp();
        app.Route("/page", new ReadOnlyView());
        await using var client = new TestClient(app);

        var response = await client.HeadAsync("/page");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("4", response.Headers["Content-Length"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task AViewWithItsOwnHeadMethodAnswersHeadWithIt()
    {
        var app = new RollApp();
        app.Route("/page", new OwnHeadView());
        await using var client = new TestClient(app);

        var head = await client.HeadAsync("/page");
        var get = await client.GetAsync("/page");

        Assert.Equal("yes", head.Headers["X-Cheap"]);
        Assert.Null(get.Headers["X-Cheap"]);
        Assert.Equal("full page", get.Text);
    }

    [Fact]
    public async Task AMethodTheViewDoesNotImplementIsA405ListingTheOthers()
    {
        var app = new RollApp();
        app.Route("/items/{id}", new ItemView());
        await using var client = new TestClient(app);

        var response = await client.DeleteAsync("/items/1");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal(["GET", "HEAD", "POST"], response.Headers["Allow"]!.Split(", ").Order());
    }

    [Fact]
    public void AViewsExtrasAreKeptOnItsRoute()
    {
        var app = new RollApp();

        var route = app.Route("/items/{id}", new ItemView(), name: "item", accepts: ["text/plain"],
            extras: new Dictionary<string, object?> { ["cache"] = 60 });

        Assert.Equal("item", route.Name);
        Assert.Equal(["text/plain"], route.Accepts);
        Assert.Equal(60, route.Extras["cache"]);
        Assert.Equal(["GET", "POST"], route.Methods.Order());
    }

    [Fact]
    public async Task AViewRefusedForOneOfItsMethodsAddsNoneOfThem()
    {
        var app = new RollApp();
        app.Route("/items/{id}", (request, response) => { response.Body = "function"; });

        var error = Assert.Throws<ArgumentException>(() => app.Route("/items/{id}", new ItemView()));
        await using var client = new TestClient(app);

        Assert.Contains("already has a GET handler", error.Message);
        Assert.Equal("function", (await client.GetAsync("/items/1")).Text);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/items/1", "x")).Status);
    }

    [Fact]
    public void RegisteringAViewRaisesRouteAddedOnceWithTheView()
    {
        var app = new RollApp();
        var added = new List<object>();
        app.OnRouteAdded((route, handler) => added.Add(handler));
        var view = new ItemView();

        app.Route("/items/{id}", view);

        Assert.Same(view, Assert.Single(added));
    }
}

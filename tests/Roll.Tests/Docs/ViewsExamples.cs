using System.Net;
using Roll.Testing;

namespace Roll.Tests.Docs;

// snippet: view
/// <summary>Answers GET and POST on one path.</summary>
public class GreetingView : IGetView, IPostView
{
    public Task OnGetAsync(Request request, Response response)
    {
        response.Body = $"Hello {request.Query.Get("name", "you")}";
        return Task.CompletedTask;
    }

    public Task OnPostAsync(Request request, Response response)
    {
        response.Status = HttpStatusCode.Created;
        response.Body = $"Welcome {request.Form.Get("name")}";
        return Task.CompletedTask;
    }
}
// end-snippet

// snippet: inherit
/// <summary>Shows an item.</summary>
public class ItemView : IGetView
{
    public virtual Task OnGetAsync(Request request, Response response)
    {
        response.Body = $"Item {request.Route.Vars["id"]}";
        return Task.CompletedTask;
    }
}

/// <summary>Shows an item, and can also replace and delete it.</summary>
public class EditableItemView : ItemView, IPutView, IDeleteView
{
    public override async Task OnGetAsync(Request request, Response response)
    {
        await base.OnGetAsync(request, response);
        response.Headers["Allow-Edit"] = "yes";
    }

    public Task OnPutAsync(Request request, Response response)
    {
        response.Body = $"Item {request.Route.Vars["id"]} is now {request.Form.Get("name")}";
        return Task.CompletedTask;
    }

    public Task OnDeleteAsync(Request request, Response response)
    {
        response.Status = HttpStatusCode.NoContent;
        return Task.CompletedTask;
    }
}
// end-snippet

/// <summary>Implements no method interface.</summary>
public class NothingView : IView
{
}

/// <summary>The examples of "How to use class-based views".</summary>
public class ViewsExamples : RollTestBase
{
    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        // snippet: register
        app.Route("/greet", new GreetingView());
        app.Route("/items/{id:digit}", new EditableItemView());
        // end-snippet
        return app;
    }

    // snippet: test-view
    [Fact]
    public async Task EachMethodGoesToItsOwnMethodOfTheView()
    {
        var get = await Client.GetAsync("/greet?name=Ada");
        var post = await Client.PostAsync("/greet", new Dictionary<string, string> { ["name"] = "Grace" },
            "application/x-www-form-urlencoded");
        var put = await Client.PutAsync("/greet");

        Assert.Equal("Hello Ada", get.Text);
        Assert.Equal(HttpStatusCode.Created, post.Status);
        Assert.Equal("Welcome Grace", post.Text);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.Status);
        Assert.Equal("GET, POST, HEAD", put.Headers["Allow"]);
    }
    // end-snippet

    // snippet: test-inherit
    [Fact]
    public async Task AViewInheritsTheMethodsOfItsBase()
    {
        var get = await Client.GetAsync("/items/42");
        var put = await Client.PutAsync("/items/42", new Dictionary<string, string> { ["name"] = "lamp" },
            "application/x-www-form-urlencoded");
        var delete = await Client.DeleteAsync("/items/42");

        Assert.Equal("Item 42", get.Text);
        Assert.Equal("yes", get.Headers["Allow-Edit"]);
        Assert.Equal("Item 42 is now lamp", put.Text);
        Assert.Equal(HttpStatusCode.NoContent, delete.Status);
    }
    // end-snippet

    [Fact]
    public async Task HeadIsServedByTheGetMethod()
    {
        var head = await Client.HeadAsync("/greet");

        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal("9", head.Headers["Content-Length"]);
        Assert.Empty(head.Body);
    }

    // snippet: test-nothing
    [Fact]
    public void AViewThatAnswersNoMethodIsRefused()
    {
        var app = new RollApp();

        var error = Assert.Throws<ArgumentException>(() => app.Route("/nothing", new NothingView()));

        Assert.StartsWith("The view NothingView for '/nothing' answers no method", error.Message);
    }
    // end-snippet
}

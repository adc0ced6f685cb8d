namespace Roll;

/// <summary>A class-based view: implement the method interfaces below (<see cref="IGetView"/>, <see cref="IPostView"/>...) and register the instance with <c>app.Route(path, view)</c>.</summary>
/// <remarks>One instance serves every request, concurrently: keep no per-request state in its fields.</remarks>
public interface IView
{
}

/// <summary>A view that answers GET (and HEAD).</summary>
public interface IGetView : IView
{
    /// <summary>Answers a GET request.</summary>
    Task OnGetAsync(Request request, Response response);
}

/// <summary>A view that answers POST.</summary>
public interface IPostView : IView
{
    /// <summary>Answers a POST request.</summary>
    Task OnPostAsync(Request request, Response response);
}

/// <summary>A view that answers PUT.</summary>
public interface IPutView : IView
{
    /// <summary>Answers a PUT request.</summary>
    Task OnPutAsync(Request request, Response response);
}

/// <summary>A view that answers PATCH.</summary>
public interface IPatchView : IView
{
    /// <summary>Answers a PATCH request.</summary>
    Task OnPatchAsync(Request request, Response response);
}

/// <summary>A view that answers DELETE.</summary>
public interface IDeleteView : IView
{
    /// <summary>Answers a DELETE request.</summary>
    Task OnDeleteAsync(Request request, Response response);
}

/// <summary>A view that answers HEAD itself (without it, HEAD is answered by <see cref="IGetView"/>).</summary>
public interface IHeadView : IView
{
    /// <summary>Answers a HEAD request.</summary>
    Task OnHeadAsync(Request request, Response response);
}

/// <summary>A view that answers OPTIONS.</summary>
public interface IOptionsView : IView
{
    /// <summary>Answers an OPTIONS request.</summary>
    Task OnOptionsAsync(Request request, Response response);
}

/// <summary>Finds which methods a view answers, from the interfaces it implements (no reflection, so trimming-safe).</summary>
internal static class ViewMethods
{
    public static List<(string Method, Func<Request, Response, Task> Handler)> Of(IView view)
    {
        var methods = new List<(string, Func<Request, Response, Task>)>();
        if (view is IGetView get)
        {
            methods.Add(("GET", get.OnGetAsync));
        }
        if (view is IHeadView head)
        {
            methods.Add(("HEAD", head.OnHeadAsync));
        }
        if (view is IPostView post)
        {
            methods.Add(("POST", post.OnPostAsync));
        }
        if (view is IPutView put)
        {
            methods.Add(("PUT", put.OnPutAsync));
        }
        if (view is IPatchView patch)
        {
            methods.Add(("PATCH", patch.OnPatchAsync));
        }
        if (view is IDeleteView delete)
        {
            methods.Add(("DELETE", delete.OnDeleteAsync));
        }
        if (view is IOptionsView options)
        {
            methods.Add(("OPTIONS", options.OnOptionsAsync));
        }
        return methods;
    }
}

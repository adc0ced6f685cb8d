using Roll;

namespace StaticSample;

/// <summary>Roll's static files how-to: a small site served from the sample's own folder under <c>/static/</c>.</summary>
public static class StaticApp
{
    /// <summary>The folder served, bundled next to the executable.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "site");

    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        // snippet: static
        var app = new RollApp();
        app.Static(root: Root, prefix: "/static/", defaultIndex: "index.html");
        // end-snippet

        return app;
    }
}

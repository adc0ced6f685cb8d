using Roll;

namespace DocsSite;

/// <summary>The docs site: the pages DocFX builds into <c>docs/_site</c> (docs/build-site.sh), served by Roll.</summary>
public static class SiteApp
{
    /// <summary>The built site, <c>docs/_site</c>, found above the running program (its build output or the tests'); null when it is not built.</summary>
    public static string? BuiltRoot { get; } = FindBuiltRoot();

    /// <summary>Makes the app that serves the site in <paramref name="root"/> at <c>/</c>, each folder's <c>index.html</c> for the folder, compressed for the clients that accept it.</summary>
    public static RollApp Create(string root)
    {
        // snippet: site
        var app = new RollApp();
        app.Compression();
        app.Static(root: root, prefix: "/", defaultIndex: "index.html");
        // end-snippet
        return app;
    }

    private static string? FindBuiltRoot()
    {
        // docs/Site/bin/Debug/net10.0 when run with dotnet run; tests/X/bin/Debug/net10.0 when a test serves the site.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(folder.FullName, "_site"), Path.Combine(folder.FullName, "docs", "_site") })
            {
                if (File.Exists(Path.Combine(candidate, "index.html")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}

using DocsSite;
using Roll;

if (SiteApp.BuiltRoot is not { } root)
{
    Console.Error.WriteLine("The docs site is not built (no docs/_site/index.html): run docs/build-site.sh first.");
    return 1;
}
Console.WriteLine($"Serving {Path.GetRelativePath(Environment.CurrentDirectory, root)}");
await SiteApp.Create(root).ServeAsync(args);
return 0;

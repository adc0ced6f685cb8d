using System.Text;
using Roll.Routing;

namespace Roll.Tests.Routing;

public class RadixTreeTests
{
    [Fact]
    public void EachPlaceholderKindTakesItsOwnCharacters()
    {
        var tree = Tree(
            "/s/{v}",
            "/t/{v:string}",
            "/d/{v:digit}",
            "/an/{v:alnum}",
            "/al/{v:alpha}",
            "/p/{v:path}",
            "/a/{v:any}",
            @"/r/{v:\d{3}}",
            "/slug/{v:[a-z-]+}",
            "/opt/{v:x*}");

        AssertRoutes(tree,
            ("/s/abc", "/s/{v}", "v=abc"),
            ("/s/a.b-c~d", "/s/{v}", "v=a.b-c~d"),
            ("/s/", null, ""),
            ("/s/a/b", null, ""),
            ("/t/x.y", "/t/{v:string}", "v=x.y"),
            ("/d/0123456789", "/d/{v:digit}", "v=0123456789"),
            ("/d/12a", null, ""),
            ("/d/", null, ""),
            ("/d/١٢", null, ""),
            ("/an/abc123", "/an/{v:alnum}", "v=abc123"),
            ("/an/é9", "/an/{v:alnum}", "v=é9"),
            ("/an/a-b", null, ""),
            ("/an/", null, ""),
            ("/al/abc", "/al/{v:alpha}", "v=abc"),
            ("/al/éàß", "/al/{v:alpha}", "v=éàß"),
            ("/al/abc1", null, ""),
            ("/p/a", "/p/{v:path}", "v=a"),
            ("/p/a/b/c", "/p/{v:path}", "v=a/b/c"),
            ("/p/a/", "/p/{v:path}", "v=a/"),
            ("/p/", null, ""),
            ("/a/", "/a/{v:any}", "v="),
            ("/a/x/y", "/a/{v:any}", "v=x/y"),
            ("/a", null, ""),
            ("/r/123", @"/r/{v:\d{3}}", "v=123"),
            ("/r/12", null, ""),
            ("/r/1234", null, ""),
            ("/r/123\n", null, ""),
            ("/slug/hello-world", "/slug/{v:[a-z-]+}", "v=hello-world"),
            ("/slug/Hello", null, ""),
            ("/slug/a/b", null, ""),
            ("/opt/", "/opt/{v:x*}", "v="),
            ("/opt/xxx", "/opt/{v:x*}", "v=xxx"));
    }

    [Fact]
    public void PlaceholdersMayStandAnywhereInsideASegment()
    {
        var tree = Tree(
            "/to/file.{ext}",
            "/to/{name}.{ext}",
            "/v{major:digit}.{minor:digit}/x",
            "/img/{w:digit}x{h:digit}.png",
            "/on/{day:alpha}s");

        AssertRoutes(tree,
            ("/to/file.txt", "/to/file.{ext}", "ext=txt"),
            ("/to/file.tar.gz", "/to/file.{ext}", "ext=tar.gz"),
            ("/to/a.b", "/to/{name}.{ext}", "name=a,ext=b"),
            ("/to/abc", null, ""),
            ("/to/.b", null, ""),
            ("/to/a.", null, ""),
            ("/v1.2/x", "/v{major:digit}.{minor:digit}/x", "major=1,minor=2"),
            ("/v10.20/x", "/v{major:digit}.{minor:digit}/x", "major=10,minor=20"),
            ("/v1/x", null, ""),
            ("/v1.2", null, ""),
            ("/va.2/x", null, ""),
            ("/img/640x480.png", "/img/{w:digit}x{h:digit}.png", "w=640,h=480"),
            ("/img/640x480.gif", null, ""),
            ("/on/mondays", "/on/{day:alpha}s", "day=monday"),
            ("/on/s", null, ""));
    }

    [Fact]
    public void GreedyPlaceholdersBacktrackWhenTheRestFails()
    {
        var tree = Tree(
            "/to/{name}.{ext}",
            "/g/{a}-{b}",
            "/h/{a:any}/end",
            "/k/{a:path}/{b}",
            "/x/{a:alnum}z",
            "/q/{a:any}x{b}",
            "/re/{a:[a-z.]+}.{b}");

        AssertRoutes(tree,
            ("/to/a.b.c", "/to/{name}.{ext}", "name=a.b,ext=c"),
            ("/g/a-b-c", "/g/{a}-{b}", "a=a-b,b=c"),
            ("/h/x/y/end", "/h/{a:any}/end", "a=x/y"),
            ("/h/end/end", "/h/{a:any}/end", "a=end"),
            ("/h//end", "/h/{a:any}/end", "a="),
            ("/h/end", null, ""),
            ("/k/a/b/c", "/k/{a:path}/{b}", "a=a/b,b=c"),
            ("/k/a/", null, ""),
            ("/x/abcz", "/x/{a:alnum}z", "a=abc"),
            ("/x/zzz", "/x/{a:alnum}z", "a=zz"),
            ("/x/z", null, ""),
            ("/q/1x2x3", "/q/{a:any}x{b}", "a=1x2,b=3"),
            ("/q/xx", "/q/{a:any}x{b}", "a=,b=x"),
            ("/re/a.b.c", "/re/{a:[a-z.]+}.{b}", "a=a.b,b=c"));
    }

    [Fact]
    public void UnicodePathsMatchLiteralsAndPlaceholders()
    {
        var tree = Tree(
            "/testé",
            "/ünï/{name}",
            "/日本/{city:alpha}",
            "/emoji/{e}/x");

        AssertRoutes(tree,
            ("/testé", "/testé", ""),
            ("/teste", null, ""),
            ("/testé/", null, ""),
            ("/ünï/ß", "/ünï/{name}", "name=ß"),
            ("/日本/東京", "/日本/{city:alpha}", "city=東京"),
            ("/emoji/😀🎉/x", "/emoji/{e}/x", "e=😀🎉"));
    }

    [Fact]
    public void AStaticRouteRegisteredAfterAPlaceholderLoses()
    {
        var tree = Tree("/foo/{x}", "/foo/bar");

        AssertRoutes(tree,
            ("/foo/bar", "/foo/{x}", "x=bar"),
            ("/foo/baz", "/foo/{x}", "x=baz"));
    }

    [Fact]
    public void AStaticRouteRegisteredBeforeAPlaceholderWins()
    {
        var tree = Tree("/foo/bar", "/foo/{x}");

        AssertRoutes(tree,
            ("/foo/bar", "/foo/bar", ""),
            ("/foo/baz", "/foo/{x}", "x=baz"),
            ("/foo/barn", "/foo/{x}", "x=barn"));
    }

    [Fact]
    public void TheFirstRegisteredOfSeveralMatchingRoutesWins()
    {
        var tree = Tree(
            "/a/{x:digit}",
            "/a/{x}",
            "/a/1",
            "/c/{x}/d",
            "/c/y/{z}",
            "/f/{a}.{b:digit}.x",
            "/f/{a}.{b}",
            "/any/{rest:any}",
            "/any/static",
            "/s/lit/{x}",
            "/s/{x}/lit",
            "/s/lit/lit");

        AssertRoutes(tree,
            ("/a/1", "/a/{x:digit}", "x=1"),
            ("/a/b", "/a/{x}", "x=b"),
            ("/c/y/d", "/c/{x}/d", "x=y"),
            ("/c/y/e", "/c/y/{z}", "z=e"),
            ("/f/1.2.x", "/f/{a}.{b:digit}.x", "a=1,b=2"),
            ("/f/1.2.y", "/f/{a}.{b}", "a=1.2,b=y"),
            ("/any/static", "/any/{rest:any}", "rest=static"),
            ("/s/lit/lit", "/s/lit/{x}", "x=lit"),
            ("/s/other/lit", "/s/{x}/lit", "x=other"));
    }

    [Fact]
    public void ATrailingSlashMakesADifferentRoute()
    {
        var tree = Tree("/foo", "/bar/", "/dir/{x}", "/dir/{x}/");

        AssertRoutes(tree,
            ("/foo", "/foo", ""),
            ("/foo/", null, ""),
            ("/bar/", "/bar/", ""),
            ("/bar", null, ""),
            ("/dir/a", "/dir/{x}", "x=a"),
            ("/dir/a/", "/dir/{x}/", "x=a"),
            ("/dir/", null, ""));
    }

    [Fact]
    public void TheRootIsARouteLikeAnyOther()
    {
        AssertRoutes(Tree("/", "/{rest:any}"),
            ("/", "/", ""),
            ("/x", "/{rest:any}", "rest=x"),
            ("", null, ""),
            ("x", null, ""));

        AssertRoutes(Tree("/{rest:any}"),
            ("/", "/{rest:any}", "rest="),
            ("//", "/{rest:any}", "rest=/"));

        AssertRoutes(Tree("/x"),
            ("/", null, ""));
    }

    [Fact]
    public void LiteralsAreCaseSensitive()
    {
        AssertRoutes(Tree("/Hello"),
            ("/Hello", "/Hello", ""),
            ("/hello", null, ""),
            ("/HELLO", null, ""));
    }

    [Fact]
    public void PlaceholderNamesComeFromTheRouteThatMatched()
    {
        var tree = Tree("/u/{id:digit}/posts", "/u/{userId:digit}/friends", "/u/{name}/posts");

        AssertRoutes(tree,
            ("/u/7/posts", "/u/{id:digit}/posts", "id=7"),
            ("/u/7/friends", "/u/{userId:digit}/friends", "userId=7"),
            ("/u/bob/posts", "/u/{name}/posts", "name=bob"));
    }

    [Fact]
    public void AThousandRoutesAllMatchTheirOwnPaths()
    {
        var (tree, rows) = ThousandRoutes();

        AssertRoutes(tree, rows);
        AssertRoutes(tree,
            ("/static1000/page", null, ""),
            ("/users1/x", null, ""),
            ("/blog/hello-1000", null, ""));
    }

    [Fact]
    public void MatchAllocatesNothing()
    {
        var (tree, rows) = ThousandRoutes();
        var paths = rows.Where(row => !row.Path.StartsWith("/blog/", StringComparison.Ordinal))
            .Select(row => row.Path)
            .Append("/not/found")
            .ToArray();
        var captures = new PathCaptures();
        foreach (string path in paths)
        {
            tree.Match(path, captures);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            tree.Match(paths[i % paths.Length], captures);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(before, after);
    }

    [Fact]
    public void AddingTheSamePatternTwiceIsRefused()
    {
        var tree = Tree("/a/{x}");

        var error = Assert.Throws<ArgumentException>(() => tree.Add("/a/{x}", "again"));

        Assert.Contains("'/a/{x}' is already registered", error.Message, StringComparison.Ordinal);
        AssertRoutes(tree, ("/a/1", "/a/{x}", "x=1"));
    }

    [Fact]
    public void APatternThatCouldNeverBeChosenIsRefused()
    {
        var tree = Tree("/a/{x}");

        var error = Assert.Throws<ArgumentException>(() => tree.Add("/a/{y:string}", "shadowed"));

        Assert.Contains("matches exactly the same paths as '/a/{x}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedPatternLeavesTheTreeWorking()
    {
        var tree = Tree("/a/{x}");
        Assert.Throws<ArgumentException>(() => tree.Add("/a/{x}{y}", "bad"));
        tree.Add("/b", "/b");

        AssertRoutes(tree,
            ("/a/1", "/a/{x}", "x=1"),
            ("/b", "/b", ""));
        Assert.Equal(2, tree.Count);
    }

    [Fact]
    public void CapturesAreClearedWhenNothingMatches()
    {
        var tree = Tree("/a/{x}");
        var captures = new PathCaptures();
        tree.Match("/a/1", captures);

        Assert.Null(tree.Match("/b", captures));

        Assert.Equal(0, captures.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => captures.Name(0));
    }

    internal static RadixTree<string> Tree(params string[] patterns)
    {
        var tree = new RadixTree<string>();
        foreach (string pattern in patterns)
        {
            tree.Add(pattern, pattern);
        }

        return tree;
    }

    // Every row is checked and all mismatches reported at once, as httprouter's tables do.
    internal static void AssertRoutes(RadixTree<string> tree, params (string Path, string? Route, string Captures)[] rows)
    {
        var captures = new PathCaptures();
        var failures = new List<string>();
        foreach (var (path, route, expected) in rows)
        {
            string? actual = tree.Match(path, captures);
            string actualCaptures = Format(path, captures);
            if (actual != route || actualCaptures != expected)
            {
                failures.Add(Mismatch(path, route, expected, actual, actualCaptures));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    internal static string Mismatch(string path, string? route, string captures, string? actual, string actualCaptures) =>
        $"{path}: expected {route ?? "null"} [{captures}], got {actual ?? "null"} [{actualCaptures}]";

    internal static string Format(string path, PathCaptures captures)
    {
        var text = new StringBuilder();
        for (int i = 0; i < captures.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(captures.Name(i)).Append('=')
                .Append(path, captures.Start(i), captures.Length(i));
        }

        return text.ToString();
    }

    private static (RadixTree<string> Tree, (string Path, string? Route, string Captures)[] Rows) ThousandRoutes()
    {
        var tree = new RadixTree<string>();
        var rows = new List<(string, string?, string)>();
        for (int i = 0; i < 1000; i++)
        {
            var (pattern, path, captures) = (i % 5) switch
            {
                0 => ($"/static{i}/page", $"/static{i}/page", ""),
                1 => ($"/users{i}/{{id:digit}}", $"/users{i}/42", "id=42"),
                2 => ($"/files{i}/{{name}}.{{ext}}", $"/files{i}/a.b.txt", "name=a.b,ext=txt"),
                3 => ($"/api/v{i}/{{rest:path}}", $"/api/v{i}/x/y", "rest=x/y"),
                _ => ($"/blog/{{slug:[a-z]+}}-{i}", $"/blog/hello-{i}", "slug=hello"),
            };
            tree.Add(pattern, pattern);
            rows.Add((path, pattern, captures));
        }

        return (tree, rows.ToArray());
    }
}

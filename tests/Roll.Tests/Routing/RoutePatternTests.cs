using Roll.Routing;

namespace Roll.Tests.Routing;

public class RoutePatternTests
{
    [Fact]
    public void APatternSplitsIntoLiteralsAndPlaceholders()
    {
        var pattern = RoutePattern.Parse(@"/v{major:digit}.{minor:\d{1,2}}/{name}.{ext:any}");
        string parts = string.Join("|", pattern.Parts.Select(Describe));

        Assert.Equal(@"/v|{major:digit}|.|{minor:\d{1,2}}|/|{name}|.|{ext:any}", parts);
        Assert.Equal(["major", "minor", "name", "ext"], pattern.Names);
        var minor = Assert.IsType<PlaceholderPart>(pattern.Parts[3]);
        Assert.Equal(PlaceholderKind.Regex, minor.Kind);
        Assert.Equal(@"\d{1,2}", minor.Expression);
        Assert.Matches(minor.Regex!, "42");
        Assert.DoesNotMatch(minor.Regex!, "420");
    }

    [Theory]
    [InlineData("/{x}", "String")]
    [InlineData("/{x:string}", "String")]
    [InlineData("/{x:digit}", "Digit")]
    [InlineData("/{x:alnum}", "Alnum")]
    [InlineData("/{x:alpha}", "Alpha")]
    [InlineData("/{x:path}", "Path")]
    [InlineData("/{x:any}", "Any")]
    [InlineData("/{x:[a-z]+}", "Regex")]
    [InlineData(@"/{x:\{\d\}}", "Regex")]
    public void EachTypeNamesItsKind(string text, string kind)
    {
        var part = Assert.IsType<PlaceholderPart>(RoutePattern.Parse(text).Parts[1]);

        Assert.Equal("x", part.Name);
        Assert.Equal(kind, part.Kind.ToString());
        Assert.Equal(part.Kind == PlaceholderKind.Regex, part.Regex is not null);
    }

    [Theory]
    [InlineData("", "must start with '/'")]
    [InlineData("foo/{x}", "write '/foo/{x}'")]
    [InlineData("/a/{id", "'{' at position 3 that is never closed")]
    [InlineData(@"/a/{id:\d{3}", "never closed")]
    [InlineData("/a/id}", "'}' at position 5 with no '{' before it")]
    [InlineData("/a/{}", "empty name; write '{name}'")]
    [InlineData("/a/{:digit}", "empty name; write '{name:digit}'")]
    [InlineData("/a/{my id}", "may only contain letters, digits and '_'")]
    [InlineData("/a/{id:}", "nothing after ':'")]
    [InlineData("/a/{id:int}", "unknown type 'int'")]
    [InlineData("/a/{id:Digit}", "use one of string, digit, alnum, alpha, path, any")]
    [InlineData("/a/{id:[0-9}", "invalid regular expression '[0-9'")]
    [InlineData("/a/{id:a)|(b}", "invalid regular expression 'a)|(b'")]
    [InlineData("/a/{id}/b/{id}", "uses the placeholder name 'id' twice")]
    [InlineData("/a/{a}{b}", "'{a}' and '{b}' in route pattern '/a/{a}{b}' are directly adjacent")]
    [InlineData("/a/{a:digit}{b:alpha}.x", "put literal text between them")]
    public void MalformedPatternsAreRefusedWithAUsefulMessage(string pattern, string message)
    {
        var tree = new RadixTree<string>();

        var error = Assert.Throws<ArgumentException>(() => tree.Add(pattern, pattern));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("pattern", error.ParamName);
    }

    private static string Describe(RoutePart part) => part switch
    {
        LiteralPart literal => literal.Text,
        PlaceholderPart placeholder => placeholder.Source,
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };
}

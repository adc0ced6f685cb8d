namespace Roll.Tests.Data;

public class RequestCookiesTests
{
    [Fact]
    public void PairsAreParsed()
    {
        var cookies = RequestCookies.Parse("a=1; b=two; c=");

        Assert.Equal(3, cookies.Count);
        Assert.Equal("1", cookies["a"]);
        Assert.Equal("two", cookies["b"]);
        Assert.Equal("", cookies["c"]);
    }

    [Fact]
    public void PairsWithoutSpacesAreParsed()
    {
        var cookies = RequestCookies.Parse("a=1;b=2");

        Assert.Equal("1", cookies["a"]);
        Assert.Equal("2", cookies["b"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(";;")]
    public void MissingOrEmptyHeaderHasNoCookies(string? header)
    {
        Assert.Empty(RequestCookies.Parse(header));
    }

    [Fact]
    public void ValuesArePercentDecoded()
    {
        Assert.Equal("déjà vu", RequestCookies.Parse("a=d%C3%A9j%C3%A0%20vu")["a"]);
    }

    [Fact]
    public void SurroundingQuotesAreStripped()
    {
        var cookies = RequestCookies.Parse("a=\"quoted\"; b=\"\"");

        Assert.Equal("quoted", cookies["a"]);
        Assert.Equal("", cookies["b"]);
    }

    [Fact]
    public void FirstOccurrenceOfANameWins()
    {
        Assert.Equal("specific", RequestCookies.Parse("a=specific; a=general")["a"]);
    }

    [Fact]
    public void NamesAreCaseSensitive()
    {
        var cookies = RequestCookies.Parse("a=1; A=2");

        Assert.Equal("1", cookies["a"]);
        Assert.Equal("2", cookies["A"]);
    }

    [Theory]
    [InlineData("a=1; b c=2; d=3")]
    [InlineData("a=1; b=x,y; d=3")]
    [InlineData("a=1; b=hello world; d=3")]
    [InlineData("a=1; junk; =2; d=3")]
    [InlineData("a=1; b=2, c=4; d=3")]
    [InlineData("a=1; b=\u00e9; d=3")]
    public void InvalidPairsAreSkipped(string header)
    {
        var cookies = RequestCookies.Parse(header);

        Assert.Equal(["a", "d"], cookies.Keys.Order());
        Assert.Equal("1", cookies["a"]);
        Assert.Equal("3", cookies["d"]);
    }

    [Theory]
    [InlineData("a=%zz", "%zz")]
    [InlineData("a=100%", "100%")]
    [InlineData("a=%E9", "%E9")]
    public void BadEscapesAreKeptAsTheyAre(string header, string expected)
    {
        Assert.Equal(expected, RequestCookies.Parse(header)["a"]);
    }

    [Fact]
    public void AnyHeaderGivesWhatTheHeaderLibraryGivesPairByPair()
    {
        // The parser reads the usual pairs itself and leaves the rest to Microsoft.Net.Http.Headers: on random
        // headers made of the characters that matter, the result is the library's, pair by pair.
        var random = new Random(6265);
        const string alphabet = "ab=;\" ,%2\t\u00e9\\é!";
        for (var i = 0; i < 20000; i++)
        {
            var header = new string(Enumerable.Range(0, random.Next(1, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(ByTheLibrary(header), RequestCookies.Parse(header).OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ByTheLibrary(string header)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Microsoft.Net.Http.Headers.CookieHeaderValue.TryParseList([pair], out var parsed))
            {
                foreach (var cookie in parsed)
                {
                    var value = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(cookie.Value).ToString();
                    cookies.TryAdd(cookie.Name.ToString(), Uri.UnescapeDataString(value));
                }
            }
        }
        return cookies.OrderBy(p => p.Key, StringComparer.Ordinal);
    }
}

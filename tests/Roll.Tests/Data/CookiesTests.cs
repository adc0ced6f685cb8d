namespace Roll.Tests.Data;

public class CookiesTests
{
    [Fact]
    public void CookieWithoutAttributesIsNameAndValue()
    {
        var cookies = new Cookies();

        cookies.Set("session", "abc123");

        Assert.Equal("session=abc123", cookies["session"].ToString());
    }

    [Fact]
    public void EveryAttributeIsWritten()
    {
        var cookies = new Cookies();

        var cookie = cookies.Set(
            "id",
            "42",
            maxAge: TimeSpan.FromHours(1),
            expires: new DateTimeOffset(2015, 10, 21, 9, 28, 0, TimeSpan.FromHours(2)),
            secure: true,
            httpOnly: true,
            path: "/app",
            domain: "example.org",
            sameSite: SameSite.Strict);

        Assert.Equal(
            "id=42; expires=Wed, 21 Oct 2015 07:28:00 GMT; max-age=3600; domain=example.org; path=/app; "
            + "secure; samesite=strict; httponly",
            cookie.ToString());
    }

    [Theory]
    [InlineData(SameSite.Lax, "a=b; samesite=lax")]
    [InlineData(SameSite.Strict, "a=b; samesite=strict")]
    [InlineData(SameSite.None, "a=b; samesite=none")]
    [InlineData(null, "a=b")]
    public void SameSiteIsWrittenWhenSet(SameSite? sameSite, string expected)
    {
        Assert.Equal(expected, new Cookies().Set("a", "b", sameSite: sameSite).ToString());
    }

    [Fact]
    public void SettingTheSameNameAgainReplacesTheCookie()
    {
        var cookies = new Cookies();
        cookies.Set("a", "1");
        cookies.Set("b", "2");

        cookies.Set("a", "3", httpOnly: true);

        Assert.Equal(2, cookies.Count);
        Assert.Equal(["a=3; httponly", "b=2"], cookies.Select(cookie => cookie.ToString()));
    }

    [Fact]
    public void ReturnedCookieCanStillBeChanged()
    {
        var cookies = new Cookies();

        cookies.Set("a", "1").Secure = true;

        Assert.Equal("a=1; secure", cookies["a"].ToString());
    }

    [Fact]
    public void DeleteSendsAnEmptyExpiredCookie()
    {
        var cookies = new Cookies();
        cookies.Set("session", "abc", path: "/app");

        var cookie = cookies.Delete("session", path: "/app", domain: "example.org");

        Assert.Same(cookie, cookies["session"]);
        Assert.Equal(
            "session=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; domain=example.org; path=/app",
            cookie.ToString());
    }

    [Fact]
    public void RemoveUnsetsACookie()
    {
        var cookies = new Cookies();
        cookies.Set("a", "1");

        Assert.True(cookies.ContainsKey("a"));
        Assert.True(cookies.Remove("a"));
        Assert.False(cookies.Remove("a"));
        Assert.False(cookies.ContainsKey("a"));
        Assert.Empty(cookies);
        Assert.Throws<KeyNotFoundException>(() => cookies["a"]);
    }

    [Fact]
    public void NamesAreCaseSensitive()
    {
        var cookies = new Cookies();
        cookies.Set("a", "1");
        cookies.Set("A", "2");

        Assert.Equal(2, cookies.Count);
    }

    [Fact]
    public void ValueIsPercentEncoded()
    {
        var cookie = new Cookies().Set("a", "x y;z,\"é\"");

        Assert.Equal("a=x%20y%3Bz%2C%22%C3%A9%22", cookie.ToString());
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("with space; semicolon, comma")]
    [InlineData("\"quoted\"")]
    [InlineData("100% déjà vu ☕")]
    [InlineData("a=b&c=d")]
    [InlineData("line\r\nbreak")]
    public void ValueRoundTripsThroughTheRequestCookieHeader(string value)
    {
        var setCookie = new Cookies().Set("v", value, path: "/").ToString();
        var requestHeader = "other=1; " + setCookie[..setCookie.IndexOf(';')];

        Assert.Equal(value, RequestCookies.Parse(requestHeader)["v"]);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("a=b")]
    [InlineData("a,b")]
    [InlineData("été")]
    [InlineData("a\r\nb")]
    public void NameThatIsNotATokenIsRejectedWithTheReason(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new Cookies().Set(name, "v"));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("not an RFC 6265 token", error.Message);
    }

    [Fact]
    public void EmptyNameIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Cookies().Set("", "v"));

        Assert.Contains("cannot be empty", error.Message);
    }

    [Theory]
    [InlineData("/; secure")]
    [InlineData("/\r\nX-Injected: 1")]
    [InlineData("/été")]
    public void PathOrDomainThatWouldBreakTheHeaderIsRejected(string value)
    {
        Assert.Throws<ArgumentException>(() => new Cookies().Set("a", "b", path: value));
        Assert.Throws<ArgumentException>(() => new Cookies().Set("a", "b", domain: value));
    }
}

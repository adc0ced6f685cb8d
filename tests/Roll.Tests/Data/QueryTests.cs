using System.Net;

namespace Roll.Tests.Data;

public class QueryTests
{
    [Fact]
    public void RepeatedKeysKeepEveryValueInOrder()
    {
        var query = new Query("tag=a&name=roll&tag=b");

        Assert.Equal(["a", "b"], query.List("tag"));
        Assert.Equal("roll", query.Get("name"));
        Assert.Equal(["tag", "name"], query.Keys);
    }

    [Fact]
    public void PlusIsASpaceAndEscapesAreDecoded()
    {
        var query = new Query("q=hello+world&city=S%C3%A3o%20Paulo&plus=1%2B1&caf%C3%A9=ok");

        Assert.Equal("hello world", query.Get("q"));
        Assert.Equal("São Paulo", query.Get("city"));
        Assert.Equal("1+1", query.Get("plus"));
        Assert.Equal("ok", query.Get("café"));
    }

    [Fact]
    public void BlankValuesAreKept()
    {
        var query = new Query("a=&b");

        Assert.Equal("", query.Get("a"));
        Assert.Equal("", query.Get("b"));
    }

    [Fact]
    public void EmptyQueryStringHasNoKeys()
    {
        Assert.Equal(0, new Query("").Count);
        Assert.Equal(0, new Query().Count);
    }

    [Fact]
    public void KeysAreCaseSensitive()
    {
        var query = new Query("a=1&A=2");

        Assert.Equal("1", query.Get("a"));
        Assert.Equal("2", query.Get("A"));
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("YES", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("f", false)]
    [InlineData("false", false)]
    [InlineData("No", false)]
    [InlineData("0", false)]
    [InlineData("OFF", false)]
    [InlineData("n", null)]
    [InlineData("none", null)]
    [InlineData("NULL", null)]
    public void BoolUnderstandsCommonSpellings(string value, bool? expected)
    {
        Assert.Equal(expected, new Query($"flag={value}").Bool("flag"));
    }

    [Fact]
    public void WrongBooleanIsABadRequest()
    {
        var error = Assert.Throws<HttpError>(() => new Query("flag=maybe").Bool("flag", false));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("Wrong boolean value for 'flag=maybe'", error.Message);
    }

    [Fact]
    public void BoolDefaultIsUsedForAMissingKey()
    {
        var query = new Query("other=1");

        Assert.True(query.Bool("flag", true));
        Assert.Null(query.Bool("flag", null));
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("+3", 3)]
    public void IntReadsIntegers(string value, int expected)
    {
        Assert.Equal(expected, new Query($"n={Uri.EscapeDataString(value)}").Int("n"));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1,000")]
    [InlineData("99999999999")]
    public void ValueThatIsNotAnIntIsABadRequest(string value)
    {
        var error = Assert.Throws<HttpError>(() => new Query($"n={Uri.EscapeDataString(value)}").Int("n", 0));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("Key 'n' must be castable to int", error.Message);
    }

    [Fact]
    public void IntDefaultIsUsedForAMissingKey()
    {
        Assert.Equal(10, new Query("").Int("n", 10));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2e3", -2000.0)]
    [InlineData("7", 7.0)]
    [InlineData(".25", 0.25)]
    public void FloatReadsNumbersWithADotWhateverTheCulture(string value, double expected)
    {
        Assert.Equal(expected, new Query($"x={Uri.EscapeDataString(value)}").Float("x"));
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("one")]
    [InlineData("")]
    public void ValueThatIsNotAFloatIsABadRequest(string value)
    {
        var error = Assert.Throws<HttpError>(() => new Query($"x={Uri.EscapeDataString(value)}").Float("x", 0));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("Key 'x' must be castable to float", error.Message);
    }

    [Fact]
    public void FloatDefaultIsUsedForAMissingKey()
    {
        Assert.Equal(0.5, new Query("").Float("x", 0.5));
    }

    [Fact]
    public void TypedGetterOfAMissingKeyWithoutDefaultIsABadRequest()
    {
        var query = new Query("");

        Assert.Equal("Missing 'flag' key", Assert.Throws<HttpError>(() => query.Bool("flag")).Message);
        Assert.Equal("Missing 'n' key", Assert.Throws<HttpError>(() => query.Int("n")).Message);
        Assert.Equal("Missing 'x' key", Assert.Throws<HttpError>(() => query.Float("x")).Message);
    }
}

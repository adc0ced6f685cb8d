using System.Net;

namespace Roll.Tests.Data;

public class MultidictTests
{
    private static Multidict<string> Sample()
    {
        var dict = new Multidict<string>();
        dict.Add("tag", "red");
        dict.Add("name", "roll");
        dict.Add("tag", "blue");
        return dict;
    }

    [Fact]
    public void GetReturnsTheFirstValue()
    {
        Assert.Equal("red", Sample().Get("tag"));
    }

    [Fact]
    public void ListReturnsEveryValueInOrder()
    {
        Assert.Equal(["red", "blue"], Sample().List("tag"));
    }

    [Fact]
    public void MissingKeyIsABadRequest()
    {
        var error = Assert.Throws<HttpError>(() => Sample().Get("colour"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("Missing 'colour' key", error.Message);
    }

    [Fact]
    public void ListOfAMissingKeyIsABadRequest()
    {
        var error = Assert.Throws<HttpError>(() => Sample().List("colour"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("Missing 'colour' key", error.Message);
    }

    [Fact]
    public void DefaultIsReturnedOnlyForAMissingKey()
    {
        var dict = Sample();

        Assert.Equal("green", dict.Get("colour", "green"));
        Assert.Null(dict.Get("colour", null));
        Assert.Equal("red", dict.Get("tag", "green"));
        Assert.Equal(["green"], dict.List("colour", ["green"]));
        Assert.Equal(["red", "blue"], dict.List("tag", ["green"]));
    }

    [Fact]
    public void KeysAreCaseSensitive()
    {
        var dict = Sample();

        Assert.False(dict.ContainsKey("Tag"));
        Assert.Throws<HttpError>(() => dict.Get("TAG"));
    }

    [Fact]
    public void KeysAndPairsKeepInsertionOrder()
    {
        var dict = Sample();
        dict.Add("age", "3");

        Assert.Equal(["tag", "name", "age"], dict.Keys);
        Assert.Equal(3, dict.Count);
        Assert.Equal(
            ["tag=red,blue", "name=roll", "age=3"],
            dict.Select(pair => $"{pair.Key}={string.Join(",", pair.Value)}"));
    }

    [Fact]
    public void SetReplacesEveryValueAndKeepsThePosition()
    {
        var dict = Sample();

        dict.Set("tag", "green");
        dict.Set("new", "value");

        Assert.Equal(["green"], dict.List("tag"));
        Assert.Equal(["tag", "name", "new"], dict.Keys);
    }

    [Fact]
    public void RemoveDropsTheKeyAndItsValues()
    {
        var dict = Sample();

        Assert.True(dict.Remove("tag"));
        Assert.False(dict.Remove("tag"));
        Assert.False(dict.ContainsKey("tag"));
        Assert.Equal(1, dict.Count);
    }
}

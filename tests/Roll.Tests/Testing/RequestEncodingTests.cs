using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Roll.Testing;

namespace Roll.Tests.Testing;

public class RequestEncodingTests : IAsyncLifetime
{
    private readonly TestClient _client = new(new EchoApp());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task ADictionaryWithoutContentTypeIsSentAsJson()
    {
        var response = await _client.PostAsync("/echo", new Dictionary<string, object?> { ["name"] = "Roll", ["stars"] = 3, ["tags"] = new[] { "a", "b" } });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var echo = response.Json!;
        Assert.Equal("application/json; charset=utf-8", (string?)echo["headers"]!["content-type"]);
        Assert.Equal("Roll", (string?)echo["json"]!["name"]);
        Assert.Equal(3, (int)echo["json"]!["stars"]!);
        Assert.Equal("b", (string?)echo["json"]!["tags"]![1]);
    }

    [Fact]
    public async Task AJsonNodeIsSentAsJson()
    {
        var response = await _client.PutAsync("/echo", new JsonObject { ["ok"] = true });

        Assert.Equal("PUT", (string?)response.Json!["method"]);
        Assert.True((bool)response.Json!["json"]!["ok"]!);
    }

    [Fact]
    public async Task AnAnonymousObjectIsSentAsJsonThroughTheGenericOverload()
    {
        var response = await _client.PatchAsync("/echo", new { name = "Roll", version = 2 });

        Assert.Equal("{\"name\":\"Roll\",\"version\":2}", (string?)response.Json!["body"]);
    }

    [Fact]
    public async Task AnObjectTypedAsObjectNeedsJsonOptionsToBecomeJson()
    {
        object body = new Version(1, 2);

        await Assert.ThrowsAsync<NotSupportedException>(() => _client.PostAsync("/echo", body));
    }

    [Fact]
    public async Task AStringWithoutContentTypeIsSentAsPlainText()
    {
        var response = await _client.PostAsync("/echo", "héllo");

        Assert.Equal("text/plain; charset=utf-8", (string?)response.Json!["headers"]!["content-type"]);
        Assert.Equal("héllo", (string?)response.Json!["body"]);
    }

    [Fact]
    public async Task BytesWithoutContentTypeAreSentAsOctetStream()
    {
        var response = await _client.PostAsync("/echo", "raw"u8.ToArray());

        Assert.Equal("application/octet-stream", (string?)response.Json!["headers"]!["content-type"]);
        Assert.Equal("3", (string?)response.Json!["headers"]!["content-length"]);
    }

    [Fact]
    public async Task AStringWithAJsonContentTypeIsSentAsItIs()
    {
        var response = await _client.PostAsync("/echo", "[1,2]", "application/json");

        Assert.Equal(2, (int)response.Json!["json"]![1]!);
    }

    [Fact]
    public async Task ADictionaryWithTheUrlencodedContentTypeIsSentAsFormFields()
    {
        var fields = new Dictionary<string, object?> { ["name"] = "José Doe", ["tag"] = new[] { "a&b", "c" }, ["n"] = 1.5 };

        var response = await _client.PostAsync("/echo", fields, "application/x-www-form-urlencoded");

        var echo = response.Json!;
        Assert.Equal("name=Jos%C3%A9%20Doe&tag=a%26b&tag=c&n=1.5", (string?)echo["body"]);
        Assert.Equal("José Doe", (string?)echo["form"]!["name"]![0]);
        Assert.Equal("a&b", (string?)echo["form"]!["tag"]![0]);
        Assert.Equal("c", (string?)echo["form"]!["tag"]![1]);
    }

    [Fact]
    public async Task TheContentTypeOfTheHeadersChoosesTheEncodingToo()
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" };

        var response = await _client.PostAsync("/echo", new Dictionary<string, string> { ["a"] = "1" }, headers: headers);

        Assert.Equal("1", (string?)response.Json!["form"]!["a"]![0]);
    }

    [Fact]
    public async Task FilesAreSentInAMultipartBodyWithTheFields()
    {
        TestFile[] files =
        [
            new("doc", "notes.txt", Encoding.UTF8.GetBytes("some notes"), "text/plain"),
            new("doc", "data.bin", [1, 2, 3]),
            new("avatar", "résumé \"v2\".txt", Encoding.UTF8.GetBytes("cv")),
        ];

        var response = await _client.PostAsync("/echo", new Dictionary<string, string> { ["title"] = "Hello" }, files: files);

        var echo = response.Json!;
        Assert.StartsWith("multipart/form-data; boundary=", (string?)echo["headers"]!["content-type"]);
        Assert.Equal("Hello", (string?)echo["form"]!["title"]![0]);
        Assert.Equal("notes.txt", (string?)echo["files"]!["doc"]![0]!["fileName"]);
        Assert.Equal("text/plain", (string?)echo["files"]!["doc"]![0]!["contentType"]);
        Assert.Equal("some notes", (string?)echo["files"]!["doc"]![0]!["text"]);
        Assert.Equal("data.bin", (string?)echo["files"]!["doc"]![1]!["fileName"]);
        Assert.Equal("application/octet-stream", (string?)echo["files"]!["doc"]![1]!["contentType"]);
        Assert.Equal("résumé %22v2%22.txt", (string?)echo["files"]!["avatar"]![0]!["fileName"]);
    }

    [Fact]
    public async Task TheMultipartContentTypeWithoutFilesSendsTheFieldsAsParts()
    {
        var response = await _client.PostAsync("/echo", new Dictionary<string, string> { ["a"] = "1", ["b"] = "two words" }, "multipart/form-data");

        var echo = response.Json!;
        Assert.Contains("Content-Disposition: form-data; name=\"b\"", (string?)echo["body"]);
        Assert.Equal("two words", (string?)echo["form"]!["b"]![0]);
        Assert.Empty(echo["files"]!.AsObject());
    }

    [Fact]
    public async Task APostWithoutBodySaysItsContentLengthIsZero()
    {
        var response = await _client.PostAsync("/echo");

        Assert.Equal("0", (string?)response.Json!["headers"]!["content-length"]);
        Assert.Null(response.Json!["headers"]!["content-type"]);
    }

    [Fact]
    public async Task AGetSendsNoBodyAndAHostHeader()
    {
        var response = await _client.GetAsync("/echo?q=1");

        var headers = response.Json!["headers"]!.AsObject();
        Assert.Equal("testserver", (string?)headers["host"]);
        Assert.False(headers.ContainsKey("content-length"));
        Assert.Equal("/echo?q=1", (string?)response.Json!["url"]);
    }

    [Fact]
    public async Task SpacesAndNonAsciiCharactersInThePathArePercentEncoded()
    {
        var response = await _client.GetAsync("/echo/testé a");

        Assert.Equal("/echo/test%C3%A9%20a", (string?)response.Json!["url"]);
        Assert.Equal("/echo/testé a", (string?)response.Json!["path"]);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("CONNECT")]
    public async Task EachVerbSendsItsMethod(string method)
    {
        var response = method switch
        {
            "DELETE" => await _client.DeleteAsync("/echo"),
            "OPTIONS" => await _client.OptionsAsync("/echo"),
            _ => await _client.ConnectAsync("/echo"),
        };

        Assert.Equal(method, (string?)response.Json!["method"]);
    }

    [Fact]
    public async Task AnyMethodCanBeSentWithRequestAsync()
    {
        var response = await _client.RequestAsync("post", "/echo", new JsonArray(1, 2));

        Assert.Equal("POST", (string?)response.Json!["method"]);
        Assert.Equal("[1,2]", (string?)response.Json!["body"]);
    }

    [Fact]
    public async Task HeadersThatWouldBreakTheRequestAreRefused()
    {
        var headers = new Dictionary<string, string> { ["X-Evil"] = "a\r\nInjected: yes" };

        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetAsync("/echo", headers));
    }
}

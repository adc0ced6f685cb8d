using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Roll.Testing;

namespace Roll.Tests.Testing;

internal sealed record Point(int X, int Y);

[JsonSerializable(typeof(Point))]
internal sealed partial class PointJsonContext : JsonSerializerContext
{
}

public class ResponseFramingTests : IAsyncLifetime
{
    private readonly EchoApp _app = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TestClient _client;

    public ResponseFramingTests()
    {
        _app.Route("/hang", async (request, response) => await _release.Task);
        _app.Route("/broken-stream", (request, response) => response.Body = ResponseBody.FromChunks(FailingChunks()));
        _client = new TestClient(_app);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task ABodyWithoutFramingIsReadUntilTheServerCloses()
    {
        var response = await _client.SendRawAsync("GET /chunks HTTP/1.0\r\n\r\n"u8.ToArray());

        Assert.False(response.IsChunked);
        Assert.Null(response.Headers["Content-Length"]);
        Assert.Equal("one,two,three", response.Text);
        Assert.Equal("close", response.Headers["Connection"]);
    }

    [Fact]
    public async Task AStreamThatFailsMidwayIsAnErrorAndTheNextRequestUsesANewConnection()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => _client.GetAsync("/broken-stream"));
        var after = await _client.GetAsync("/text");

        Assert.Equal("hello", after.Text);
        Assert.Equal(2, _app.Connections);
    }

    [Fact]
    public async Task AnAppThatDoesNotAnswerInTimeIsATimeout()
    {
        _client.Timeout = TimeSpan.FromMilliseconds(100);

        await Assert.ThrowsAsync<TimeoutException>(() => _client.GetAsync("/hang"));
        _release.SetResult();
        _client.Timeout = TimeSpan.FromSeconds(30);
        var after = await _client.GetAsync("/text");

        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task AnObjectBodyIsSerialisedThroughJsonOptionsWithoutReflection()
    {
        _client.JsonOptions = new JsonSerializerOptions { TypeInfoResolver = PointJsonContext.Default };
        object body = new Point(1, 2);

        var response = await _client.PostAsync("/echo", body);

        Assert.Equal("{\"X\":1,\"Y\":2}", (string?)response.Json!["body"]);
    }

    [Fact]
    public async Task AnEmptyBodyIsNoJson()
    {
        var response = await _client.HeadAsync("/echo");

        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Empty(response.Body);
        Assert.Null(response.Json);
    }

    private static async IAsyncEnumerable<string> FailingChunks()
    {
        yield return "start";
        await Task.Yield();
        throw new InvalidOperationException("the stream broke");
    }
}

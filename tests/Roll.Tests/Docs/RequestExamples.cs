using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Roll.Testing;

namespace Roll.Tests.Docs;

// snippet: order-type
public sealed record Order(string Item, int Quantity, decimal Price);

[JsonSerializable(typeof(Order))]
internal sealed partial class OrderJson : JsonSerializerContext
{
}
// end-snippet

/// <summary>The examples of the request reference.</summary>
public class RequestExamples
{
    // snippet: inspect
    [Fact]
    public async Task TheRequestTellsWhatTheClientSent()
    {
        var app = new RollApp();
        app.Route("/inspect/{name}", (request, response) =>
        {
            response.Body = string.Join("\n",
                $"Method: {request.Method}",
                $"Url: {request.Url}",
                $"Path: {request.Path}",
                $"QueryString: {request.QueryString}",
                $"Query q: {request.Query.Get("q")}",
                $"Host: {request.Host}",
                $"Referrer: {request.Referrer}",
                $"Cookie theme: {request.Cookies["theme"]}",
                $"X-Custom: {request.Headers["x-custom"]}",
                $"Route: {request.Route.Route!.Pattern} with name={request.Route.Vars["name"]}");
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/inspect/caf%C3%A9?q=a+b", new Dictionary<string, string>
        {
            ["Referer"] = "https://example.org/",
            ["Cookie"] = "theme=dark; lang=fr",
            ["X-Custom"] = "yes",
        });

        Assert.Equal("""
            Method: GET
            Url: /inspect/caf%C3%A9?q=a+b
            Path: /inspect/café
            QueryString: q=a+b
            Query q: a b
            Host: testserver
            Referrer: https://example.org/
            Cookie theme: dark
            X-Custom: yes
            Route: /inspect/{name} with name=café
            """, response.Text.Replace("\r\n", "\n"));
    }
    // end-snippet

    // snippet: repeated-headers
    [Fact]
    public async Task AHeaderSentTwiceReadsAsOneJoinedValue()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = request.Headers["X-Tag"]);
        await using var client = new TestClient(app);

        var response = await client.SendRawAsync(Encoding.ASCII.GetBytes(
            "GET / HTTP/1.1\r\nHost: test\r\nX-Tag: a\r\nx-tag: b\r\n\r\n"));

        Assert.Equal("a, b", response.Text);
    }
    // end-snippet

    // snippet: json
    [Fact]
    public async Task AJsonBodyIsReadAsANodeOrAsATypeOfYourOwn()
    {
        var app = new RollApp();
        app.Route("/orders", (request, response) =>
        {
            var order = request.GetJson(OrderJson.Default.Order)!;
            var quantity = (int)request.Json!["Quantity"]!;
            response.Json = new JsonObject { ["item"] = order.Item, ["total"] = quantity * order.Price };
        }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var ok = await client.PostAsync("/orders", JsonNode.Parse("""{"Item": "tea", "Quantity": 3, "Price": 2.5}"""));
        var broken = await client.PostAsync("/orders", "{not json", "application/json");

        Assert.Equal("""{"item":"tea","total":7.5}""", ok.Text);
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Equal("Unparsable JSON body", broken.Text);
    }
    // end-snippet

    // snippet: large-body
    [Fact]
    public async Task ALargeBodyIsReadThroughAStreamWithoutCopyingItIntoMemory()
    {
        var app = new RollApp();
        app.Route("/upload", async (request, response) =>
        {
            await using var body = request.OpenBody();
            var hash = await SHA256.HashDataAsync(body);
            response.Body = $"{request.BodyLength} bytes, SHA-256 {Convert.ToHexStringLower(hash)}";
        }, methods: ["POST"]);
        await using var client = new TestClient(app);
        var upload = new string('a', 1_000_000);

        var answer = await client.PostAsync("/upload", upload);

        Assert.Equal($"1000000 bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(upload)))}", answer.Text);
    }
    // end-snippet

    // snippet: items
    [Fact]
    public async Task CustomDataLivesForOneRequest()
    {
        var app = new RollApp();
        app.OnRequest((request, response) =>
        {
            if (request.Headers["Authorization"] == "Bearer ada-token")
            {
                request["user"] = "Ada";
            }
        });
        app.Route("/me", (request, response) => response.Body = (string?)request["user"] ?? "anonymous");
        await using var client = new TestClient(app);

        var ada = await client.GetAsync("/me", new Dictionary<string, string> { ["Authorization"] = "Bearer ada-token" });
        var nobody = await client.GetAsync("/me");

        Assert.Equal("Ada", ada.Text);
        Assert.Equal("anonymous", nobody.Text);
    }
    // end-snippet

    [Fact]
    public async Task AnEmptyJsonBodyIsABadRequest()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = request.Json?.ToJsonString() ?? "null", methods: ["POST"]);
        await using var client = new TestClient(app);

        var empty = await client.PostAsync("/", "", "application/json");
        var jsonNull = await client.PostAsync("/", "null", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal("null", jsonNull.Text);
    }

    [Fact]
    public async Task TheRemoteEndPointIsThePeerOfTheConnection()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = ((IPEndPoint)request.RemoteEndPoint!).Address.ToString());
        await using var client = new TestClient(app);

        Assert.Equal("127.0.0.1", (await client.GetAsync("/")).Text);
    }
}

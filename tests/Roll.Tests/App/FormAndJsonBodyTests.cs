using System.Net;
using System.Text;
using System.Text.Json;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>What an app answers for a form or JSON body over its limits or malformed: a 400 (or 413), never a 500 or a silent guess.</summary>
public class FormAndJsonBodyTests
{
    private static async Task<TestResponse> PostWithAsync(Action<Request, Response> handler, object? body, string? contentType = null,
        IEnumerable<TestFile>? files = null, Action<RollApp>? configure = null)
    {
        var app = new RollApp();
        configure?.Invoke(app);
        app.Route("/", handler, methods: ["POST"]);
        await using var client = new TestClient(app);
        return await client.PostAsync("/", body, contentType, files: files);
    }

    [Fact]
    public async Task AnUrlencodedFormOverTheDefaultValueCountIsA400()
    {
        var body = string.Join('&', Enumerable.Range(0, 1025).Select(i => $"f{i}=1"));

        var response = await PostWithAsync((request, response) => response.Body = $"{request.Form.Count}", body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Form value count limit 1024 exceeded", response.Text);
    }

    [Fact]
    public async Task TheAppsFormLimitsAreTheOnesApplied()
    {
        var response = await PostWithAsync((request, response) => response.Body = $"{request.Form.Count}",
            "a=1&b=2&c=3", "application/x-www-form-urlencoded", configure: app => app.FormLimits.ValueCountLimit = 2);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Form value count limit 2 exceeded", response.Text);
    }

    [Fact]
    public async Task ABigUploadIsInATemporaryFileThatIsGoneAfterTheRequest()
    {
        var app = new RollApp();
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        string? path = null;
        app.Route("/", (request, response) =>
        {
            var file = request.Files.Get("f");
            path = file.TemporaryPath;
            using var stream = file.OpenRead();
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            response.Body = $"{File.Exists(path)} {copy.ToArray().AsSpan().SequenceEqual(content)} {file.Length}";
        }, methods: ["POST"]);
        app.Route("/next", (request, response) => response.Body = "next");
        await using var client = new TestClient(app);

        var upload = await client.PostAsync("/", files: [new TestFile("f", "big.bin", content)]);
        var next = await client.GetAsync("/next");

        Assert.Equal("True True 200000", upload.Text);
        Assert.Equal("next", next.Text);
        Assert.NotNull(path);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AMultipartMentionInAnotherMediaTypeIsNoForm()
    {
        var body = "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--\r\n";

        var response = await PostWithAsync((request, response) => response.Body = $"{request.Form.Count} {request.Files.Count}",
            body, "text/plain; x=multipart/form-data; boundary=b");

        Assert.Equal("0 0", response.Text);
    }

    public static TheoryData<byte[]> InvalidJsonBodies => new()
    {
        "{\"a\":1,\"a\":2}"u8.ToArray(),
        "{\"x\":[{\"b\":1,\"\\u0062\":2}]}"u8.ToArray(),
        new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' },
        new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}' },
        new byte[] { (byte)'[', (byte)'"', 0xC3, (byte)'"', (byte)']' },
        "{\"a\":\"\\ud800\"}"u8.ToArray(),
        "{\"\\udc00\":1}"u8.ToArray(),
        "{not json"u8.ToArray(),
        ""u8.ToArray(),
    };

    [Theory]
    [MemberData(nameof(InvalidJsonBodies))]
    public async Task ABodyThatIsNotValidUtf8JsonIsA400AsANode(byte[] body)
    {
        var response = await PostWithAsync((request, response) => response.Body = request.Json?.ToJsonString() ?? "null", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unparsable JSON body", response.Text);
    }

    [Theory]
    [MemberData(nameof(InvalidJsonBodies))]
    public async Task ABodyThatIsNotValidUtf8JsonIsA400AsAType(byte[] body)
    {
        var wrapped = Encoding.UTF8.GetBytes("{\"name\":\"x\",\"quantity\":1,\"tags\":").Concat(body).Append((byte)'}').ToArray();
        foreach (var bytes in new[] { body, wrapped })
        {
            var response = await PostWithAsync((request, response) => response.Body = request.GetJson(AppJsonContext.Default.Item)?.Name, bytes, "application/json");

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("Unparsable JSON body", response.Text);
        }
    }

    [Fact]
    public async Task ATypedBodyIsReadWithTheSyntaxTheAppsOptionsAllow()
    {
        var context = new AppJsonContext(new JsonSerializerOptions
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        });

        var response = await PostWithAsync((request, response) => response.Body = request.GetJson(context.Item)?.Name,
            "{\"name\": \"tea\", /* a comment */ \"quantity\": 2,}", "application/json");

        Assert.Equal("tea", response.Text);
    }
}

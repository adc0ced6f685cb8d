// Over 400 lines: one class per feature, and the request is read in many ways (line, query, headers, cookies, body, form, files, JSON, lazy body).
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>What a handler reads from the request: its line, headers, cookies, query, body, form, files and JSON.</summary>
public class RequestTests
{
    private static async Task<TestResponse> GetWithAsync(string target, Action<Request, Response> handler,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var app = new RollApp();
        app.Route("/{rest:any}", handler);
        await using var client = new TestClient(app);
        return await client.GetAsync(target, headers);
    }

    private static async Task<TestResponse> PostWithAsync(Action<Request, Response> handler, object? body, string? contentType = null,
        IEnumerable<TestFile>? files = null)
    {
        var app = new RollApp();
        app.Route("/", handler, methods: ["POST"]);
        await using var client = new TestClient(app);
        return await client.PostAsync("/", body, contentType, files: files);
    }

    private static string Raw(string head) => head.Replace("\n", "\r\n", StringComparison.Ordinal);

    [Fact]
    public async Task TheRequestLineIsReadAsSent()
    {
        var app = new RollApp();
        app.Route("/{rest:any}", (request, response) =>
        {
            response.Body = string.Join('\n', request.Method, request.Url, request.Path, request.QueryString);
        }, methods: ["*"]);
        await using var client = new TestClient(app);

        var response = await client.PutAsync("/caf%C3%A9/a%20b?q=caf%C3%A9&x=1+2", "body");

        Assert.Equal("PUT\n/caf%C3%A9/a%20b?q=caf%C3%A9&x=1+2\n/café/a b\nq=caf%C3%A9&x=1+2", response.Text);
    }

    [Fact]
    public async Task WithoutAQueryStringTheQueryIsEmpty()
    {
        var response = await GetWithAsync("/plain", (request, response) =>
        {
            response.Body = $"[{request.QueryString}] {request.Query.Count}";
        });

        Assert.Equal("[] 0", response.Text);
    }

    [Fact]
    public async Task QueryValuesAreDecodedAndKeptInOrder()
    {
        var response = await GetWithAsync("/?name=J%C3%A9r%C3%B4me+D&tag=a&tag=b&empty=", (request, response) =>
        {
            response.Body = string.Join('|',
                request.Query.Get("name"),
                string.Join(',', request.Query.List("tag")),
                request.Query.Get("tag"),
                $"[{request.Query.Get("empty")}]");
        });

        Assert.Equal("Jérôme D|a,b|a|[]", response.Text);
    }

    [Fact]
    public async Task QueryGettersTakeADefaultForAMissingKey()
    {
        var response = await GetWithAsync("/?present=1", (request, response) =>
        {
            response.Body = string.Join('|',
                request.Query.Get("missing", "fallback"),
                string.Join(',', request.Query.List("missing", ["x", "y"])),
                request.Query.Int("missing", 7),
                request.Query.Float("missing", 2.5).ToString(CultureInfo.InvariantCulture),
                request.Query.Bool("missing", true),
                request.Query.Int("present", 7));
        });

        Assert.Equal("fallback|x,y|7|2.5|True|1", response.Text);
    }

    [Theory]
    [InlineData("Get")]
    [InlineData("List")]
    [InlineData("Int")]
    [InlineData("Float")]
    [InlineData("Bool")]
    public async Task AMissingQueryKeyWithoutADefaultIsA400NamingTheKey(string getter)
    {
        var response = await GetWithAsync("/?other=1", (request, response) =>
        {
            _ = getter switch
            {
                "Get" => (object)request.Query.Get("page"),
                "List" => request.Query.List("page"),
                "Int" => request.Query.Int("page"),
                "Float" => request.Query.Float("page"),
                _ => request.Query.Bool("page"),
            };
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Missing 'page' key", response.Text);
    }

    [Fact]
    public async Task QueryNumbersAreReadInTheInvariantCulture()
    {
        var response = await GetWithAsync("/?page=-12&ratio=1.5e2", (request, response) =>
        {
            response.Body = $"{request.Query.Int("page")} {request.Query.Float("ratio").ToString(CultureInfo.InvariantCulture)}";
        });

        Assert.Equal("-12 150", response.Text);
    }

    [Fact]
    public async Task AQueryValueThatIsNotAnIntIsA400()
    {
        var response = await GetWithAsync("/?page=two", (request, response) => { _ = request.Query.Int("page"); });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Key 'page' must be castable to int", response.Text);
    }

    [Fact]
    public async Task AQueryValueThatIsNotANumberIsA400()
    {
        var response = await GetWithAsync("/?ratio=1,5", (request, response) => { _ = request.Query.Float("ratio"); });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Key 'ratio' must be castable to float", response.Text);
    }

    [Theory]
    [InlineData("t", "True")]
    [InlineData("true", "True")]
    [InlineData("Yes", "True")]
    [InlineData("1", "True")]
    [InlineData("on", "True")]
    [InlineData("f", "False")]
    [InlineData("FALSE", "False")]
    [InlineData("no", "False")]
    [InlineData("0", "False")]
    [InlineData("off", "False")]
    [InlineData("n", "null")]
    [InlineData("none", "null")]
    [InlineData("null", "null")]
    public async Task QueryBooleansAcceptTheUsualSpellings(string value, string expected)
    {
        var response = await GetWithAsync($"/?flag={value}", (request, response) =>
        {
            response.Body = request.Query.Bool("flag")?.ToString() ?? "null";
        });

        Assert.Equal(expected, response.Text);
    }

    [Fact]
    public async Task AQueryValueThatIsNotABooleanIsA400()
    {
        var response = await GetWithAsync("/?flag=maybe", (request, response) => { _ = request.Query.Bool("flag"); });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Wrong boolean value for 'flag=maybe'", response.Text);
    }

    [Fact]
    public async Task HeadersAreReadWhateverTheCase()
    {
        var response = await GetWithAsync("/", (request, response) =>
        {
            response.Body = $"{request.Headers["x-custom"]}|{request.Headers["X-CUSTOM"]}|{request.Headers.Get("X-Custom")}|{request.Headers["X-Absent"] ?? "none"}";
        }, new Dictionary<string, string> { ["X-Custom"] = "value" });

        Assert.Equal("value|value|value|none", response.Text);
    }

    [Fact]
    public async Task AHeaderSentTwiceIsReadAsItsValuesJoined()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => { response.Body = $"{request.Headers["Accept"]}|{request.Headers["cookie"]}"; });
        await using var client = new TestClient(app);

        var response = await client.SendRawAsync(Encoding.ASCII.GetBytes(Raw(
            "GET / HTTP/1.1\nHost: x\nAccept: text/html\nCookie: a=1\naccept: application/json\nCookie: b=2\n\n")));

        Assert.Equal("text/html, application/json|a=1; b=2", response.Text);
    }

    [Fact]
    public async Task CookiesAreReadByNameAndDecoded()
    {
        var response = await GetWithAsync("/", (request, response) =>
        {
            response.Body = $"{request.Cookies["session"]}|{request.Cookies["name"]}|{request.Cookies.ContainsKey("absent")}";
        }, new Dictionary<string, string> { ["Cookie"] = "session=abc123; name=J%C3%A9r%C3%B4me%20D" });

        Assert.Equal("abc123|Jérôme D|False", response.Text);
    }

    [Fact]
    public async Task WithoutACookieHeaderThereAreNoCookies()
    {
        var response = await GetWithAsync("/", (request, response) => { response.Body = request.Cookies.Count.ToString(CultureInfo.InvariantCulture); });

        Assert.Equal("0", response.Text);
    }

    [Fact]
    public async Task CommonHeadersHaveTheirOwnProperties()
    {
        var response = await GetWithAsync("/", (request, response) =>
        {
            response.Body = string.Join('|', request.ContentType, request.Host, request.Referrer, request.Referer, request.Origin);
        }, new Dictionary<string, string>
        {
            ["Content-Type"] = "text/csv",
            ["Host"] = "example.org:8080",
            ["Referer"] = "https://example.org/from",
            ["Origin"] = "https://example.org",
        });

        Assert.Equal("text/csv|example.org:8080|https://example.org/from|https://example.org/from|https://example.org", response.Text);
    }

    [Fact]
    public async Task MissingCommonHeadersAreEmptyOrNull()
    {
        var app = new RollApp();
        app.Route("/", (request, response) =>
        {
            response.Body = $"[{request.ContentType}] {request.Referrer is null} {request.Origin is null}";
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal("[] True True", response.Text);
    }

    [Fact]
    public async Task TheBodyIsTheBytesSent()
    {
        var sent = new byte[] { 0, 1, 2, 250, 255 };
        var response = await PostWithAsync((request, response) => { response.Body = Convert.ToHexString(request.Body); }, sent);

        Assert.Equal("000102FAFF", response.Text);
    }

    [Fact]
    public async Task ARequestWithoutBodyHasAnEmptyBody()
    {
        var response = await GetWithAsync("/", (request, response) =>
        {
            response.Body = $"{request.Body.Length} {request.IsBodyLazy}";
        });

        Assert.Equal("0 False", response.Text);
    }

    [Fact]
    public async Task AnUrlencodedFormIsParsedWithTheQueryGetters()
    {
        var fields = new Dictionary<string, object?> { ["name"] = "Jérôme & co", ["tag"] = new[] { "a", "b" }, ["age"] = 42, ["member"] = "yes" };
        var response = await PostWithAsync((request, response) =>
        {
            response.Body = string.Join('|',
                request.Form.Get("name"),
                string.Join(',', request.Form.List("tag")),
                request.Form.Int("age") + 1,
                request.Form.Bool("member"),
                request.Form.Get("absent", "default"),
                request.Files.Count);
        }, fields, "application/x-www-form-urlencoded");

        Assert.Equal("Jérôme & co|a,b|43|True|default|0", response.Text);
    }

    [Fact]
    public async Task AMissingFormKeyIsA400()
    {
        var response = await PostWithAsync((request, response) => { _ = request.Form.Get("email"); },
            new Dictionary<string, string> { ["name"] = "x" }, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Missing 'email' key", response.Text);
    }

    [Fact]
    public async Task AMultipartFormGivesItsFieldsAndItsFiles()
    {
        var files = new[]
        {
            new TestFile("upload", "notes.txt", Encoding.UTF8.GetBytes("hello\r\nfile"), "text/plain"),
            new TestFile("upload", "pixel.png", [137, 80, 78, 71], "image/png"),
            new TestFile("other", "data.bin", [1, 2, 3]),
        };
        var response = await PostWithAsync((request, response) =>
        {
            var uploads = request.Files.List("upload");
            var other = request.Files.Get("other");
            response.Body = string.Join('|',
                request.Form.Get("title"),
                uploads.Count,
                $"{uploads[0].Name},{uploads[0].FileName},{uploads[0].ContentType},{uploads[0].ReadText()}",
                $"{uploads[1].FileName},{uploads[1].ContentType},{Convert.ToHexString(uploads[1].Content)}",
                $"{other.FileName},{other.ContentType},{other.Length}",
                request.Form.ContainsKey("upload"));
        }, new Dictionary<string, string> { ["title"] = "My files" }, files: files);

        Assert.Equal("My files|2|upload,notes.txt,text/plain,hello\r\nfile|pixel.png,image/png,89504E47|data.bin,application/octet-stream,3|False", response.Text);
    }

    [Fact]
    public async Task AMissingFileIsA400()
    {
        var response = await PostWithAsync((request, response) => { _ = request.Files.Get("avatar"); },
            new Dictionary<string, string> { ["name"] = "x" }, "multipart/form-data");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Missing 'avatar' key", response.Text);
    }

    [Fact]
    public async Task ABodyOfAnotherTypeHasAnEmptyForm()
    {
        var response = await PostWithAsync((request, response) => { response.Body = $"{request.Form.Count} {request.Files.Count}"; },
            "name=value", "text/plain");

        Assert.Equal("0 0", response.Text);
    }

    [Fact]
    public async Task AJsonBodyIsReadAsAJsonNode()
    {
        var response = await PostWithAsync((request, response) =>
        {
            var json = request.Json!;
            response.Body = $"{(string?)json["name"]} {(int?)json["tags"]!.AsArray().Count} {(bool?)json["nested"]!["ok"]}";
        }, new JsonObject { ["name"] = "roll", ["tags"] = new JsonArray("a", "b"), ["nested"] = new JsonObject { ["ok"] = true } });

        Assert.Equal("roll 2 True", response.Text);
    }

    [Fact]
    public async Task AJsonBodyIsReadIntoATypeThroughItsGeneratedTypeInfo()
    {
        var response = await PostWithAsync((request, response) =>
        {
            var item = request.GetJson(AppJsonContext.Default.Item)!;
            response.Body = $"{item.Quantity} x {item.Name}";
        }, "{\"name\":\"apple\",\"quantity\":3}", "application/json");

        Assert.Equal("3 x apple", response.Text);
    }

    [Fact]
    public async Task CustomDataSetByAListenerIsReadByTheHandlerAndForgottenByTheNextRequest()
    {
        var app = new RollApp();
        app.OnRequest((request, response) =>
        {
            if (request.Headers["Authorization"] == "Bearer alice")
            {
                request["user"] = "alice";
            }
        });
        app.Route("/", (request, response) => { response.Body = $"{request["user"] ?? "anonymous"} {request.ContainsKey("user")}"; });
        await using var client = new TestClient(app);

        var first = await client.GetAsync("/", new Dictionary<string, string> { ["Authorization"] = "Bearer alice" });
        var second = await client.GetAsync("/");

        Assert.Equal("alice True", first.Text);
        Assert.Equal("anonymous False", second.Text);
    }

    [Fact]
    public async Task ABodyOverTheAppsLimitIsA413AndTheHandlerDoesNotRun()
    {
        var app = new RollApp();
        app.Limits.MaxRequestBodySize = 100;
        var handled = 0;
        app.Route("/", (request, response) => { handled++; }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var atLimit = await client.PostAsync("/", new byte[100]);
        var over = await client.PostAsync("/", new byte[101]);
        var chunkedOver = await client.SendRawAsync(Encoding.ASCII.GetBytes(Raw(
            $"POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n40\n{new string('a', 64)}\n40\n{new string('b', 64)}\n0\n\n")));

        Assert.Equal(HttpStatusCode.OK, atLimit.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedOver.Status);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task ALazyBodyReadInPiecesIsNotHeldToTheAppsLimit()
    {
        var app = new RollApp();
        app.Limits.MaxRequestBodySize = 100;
        app.Route("/", async (request, response) =>
        {
            var length = 0;
            await foreach (var piece in request.ReadChunksAsync())
            {
                length += piece.Length;
            }
            response.Body = length.ToString(CultureInfo.InvariantCulture);
        }, methods: ["POST"], lazyBody: true);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/", new byte[1000]);

        Assert.Equal("1000", response.Text);
    }

    [Fact]
    public async Task TouchingTheBodyOfALazyRouteBeforeReadingItIsAClearError()
    {
        var app = new RollApp();
        app.Route("/upload", (request, response) => { response.Body = request.Body.Length.ToString(CultureInfo.InvariantCulture); },
            methods: ["POST"], lazyBody: true);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/upload", "data");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains("await request.ReadAsync()", response.Text);
    }

    [Fact]
    public async Task ALazyBodyIsReadWhenTheHandlerAsks()
    {
        var app = new RollApp();
        app.Route("/upload", async (request, response) =>
        {
            var lazyBefore = request.IsBodyLazy;
            var body = await request.ReadAsync();
            var again = await request.ReadAsync();
            response.Body = $"{lazyBefore} {Encoding.UTF8.GetString(body)} {ReferenceEquals(body, again)} {request.Body.Length} {request.Form.Get("a")}";
        }, methods: ["POST"], lazyBody: true);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/upload", new Dictionary<string, string> { ["a"] = "1" }, "application/x-www-form-urlencoded");

        Assert.Equal("True a=1 True 3 1", response.Text);
    }

    [Fact]
    public async Task ALazyBodyIsReadChunkByChunkAsItCame()
    {
        var app = new RollApp();
        app.Route("/upload", async (request, response) =>
        {
            var pieces = new List<string>();
            await foreach (var piece in request.ReadChunksAsync())
            {
                pieces.Add(Encoding.UTF8.GetString(piece.Span));
            }
            response.Body = string.Join('|', pieces);
        }, methods: ["POST"], lazyBody: true);
        await using var client = new TestClient(app);

        var response = await client.SendRawAsync(Encoding.ASCII.GetBytes(Raw(
            "POST /upload HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n3\none\n3\ntwo\n5\nthree\n0\n\n")));

        Assert.Equal("one|two|three", response.Text);
    }

    [Fact]
    public async Task ABodyAlreadyLoadedIsReadAsOneChunk()
    {
        var app = new RollApp();
        app.Route("/", async (request, response) =>
        {
            var pieces = new List<int>();
            await foreach (var piece in request.ReadChunksAsync())
            {
                pieces.Add(piece.Length);
            }
            response.Body = string.Join(',', pieces);
        }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var loaded = await client.PostAsync("/", "0123456789");
        var empty = await client.PostAsync("/");

        Assert.Equal("10", loaded.Text);
        Assert.Equal("", empty.Text);
    }

    [Fact]
    public async Task AHeadersListenerCanReadALazyBodyForTheHandler()
    {
        var app = new RollApp();
        app.OnHeaders(async (request, response) =>
        {
            if (request.Route.Route?.LazyBody == true && request.Headers["X-Verify"] is { } expected)
            {
                var body = await request.ReadAsync();
                if (Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body)) != expected)
                {
                    throw new HttpError(HttpStatusCode.BadRequest, "Checksum mismatch");
                }
            }
        });
        app.Route("/upload", (request, response) => { response.Body = Encoding.UTF8.GetString(request.Body); },
            methods: ["POST"], lazyBody: true);
        await using var client = new TestClient(app);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("payload"u8));

        var good = await client.PostAsync("/upload", "payload", headers: new Dictionary<string, string> { ["X-Verify"] = hash });
        var bad = await client.PostAsync("/upload", "tampered", headers: new Dictionary<string, string> { ["X-Verify"] = hash });

        Assert.Equal("payload", good.Text);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("Checksum mismatch", bad.Text);
    }
}

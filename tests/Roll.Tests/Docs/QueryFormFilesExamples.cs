using System.Net;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of the Query, Form and Files reference.</summary>
public class QueryFormFilesExamples : RollTestBase
{
    protected override RollApp CreateApp()
    {
        var app = new RollApp();

        // snippet: query
        app.Route("/search", (request, response) =>
        {
            var query = request.Query;
            var terms = query.List("q");
            var page = query.Int("page", 1);
            var exact = query.Bool("exact", false);
            var boost = query.Float("boost", 1.0);
            response.Body = $"{string.Join(" + ", terms)}, page {page}, exact {exact}, boost {boost}";
        });
        // end-snippet

        // snippet: indexer
        app.Route("/greet", (request, response) =>
        {
            var name = request.Query["name"] ?? "stranger";
            var from = request.Form["from"];
            response.Body = from is null ? $"Hello {name}" : $"Hello {name}, from {from}";
        }, methods: ["GET", "POST"]);
        // end-snippet

        // snippet: files
        app.Route("/album", (request, response) =>
        {
            var lines = new List<string> { $"title: {request.Form.Get("title")}" };
            foreach (var (field, files) in request.Files)
            {
                foreach (var file in files)
                {
                    lines.Add($"{field}: {file.FileName}, {file.ContentType}, {file.Length} bytes");
                }
            }
            response.Body = string.Join("\n", lines);
        }, methods: ["POST"]);
        // end-snippet

        return app;
    }

    // snippet: test-query
    [Fact]
    public async Task TheQueryHasTypedGettersWithDefaults()
    {
        var found = await Client.GetAsync("/search?q=roll&q=fast&exact=yes&boost=2.5");
        var wrong = await Client.GetAsync("/search?q=roll&page=two");
        var missing = await Client.GetAsync("/search?page=2");

        Assert.Equal("roll + fast, page 1, exact True, boost 2.5", found.Text);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("Key 'page' must be castable to int", wrong.Text);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("Missing 'q' key", missing.Text);
    }
    // end-snippet

    // snippet: test-indexer
    [Fact]
    public async Task TheIndexerGivesTheFirstValueOrNull()
    {
        var named = await Client.GetAsync("/greet?name=Ada&name=Grace");
        var anonymous = await Client.GetAsync("/greet");
        var posted = await Client.PostAsync("/greet?name=Ada", "from=Lovelace", "application/x-www-form-urlencoded");

        Assert.Equal("Hello Ada", named.Text);
        Assert.Equal("Hello stranger", anonymous.Text);
        Assert.Equal("Hello Ada, from Lovelace", posted.Text);
    }
    // end-snippet

    // snippet: test-files
    [Fact]
    public async Task FilesAreGroupedByField()
    {
        var response = await Client.PostAsync("/album", new Dictionary<string, string> { ["title"] = "Holidays" },
            files:
            [
                new TestFile("photos", "beach.jpg", new byte[2048], "image/jpeg"),
                new TestFile("photos", "hill.png", new byte[1024], "image/png"),
                new TestFile("notes", "notes.txt", "sunny"u8.ToArray()),
            ]);

        Assert.Equal("""
            title: Holidays
            photos: beach.jpg, image/jpeg, 2048 bytes
            photos: hill.png, image/png, 1024 bytes
            notes: notes.txt, application/octet-stream, 5 bytes
            """, response.Text.Replace("\r\n", "\n"));
    }
    // end-snippet

    [Fact]
    public async Task AFormIsEmptyWhenTheBodyIsNotAForm()
    {
        var app = new RollApp();
        app.Route("/", (request, response) => response.Body = $"{request.Form.Count} {request.Files.Count}", methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/", "title=Holidays", "text/plain");

        Assert.Equal("0 0", response.Text);
    }
}

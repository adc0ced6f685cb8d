using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Docs;

/// <summary>The examples of "How to read a body lazily".</summary>
public class LazyBodyExamples : RollTestBase, IDisposable
{
    private readonly string _uploads = Directory.CreateTempSubdirectory("roll-uploads-").FullName;

    public void Dispose() => Directory.Delete(_uploads, recursive: true);

    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        var uploads = _uploads;

        // snippet: whole
        app.Route("/whole", async (request, response) =>
        {
            var body = await request.ReadAsync();
            response.Body = $"{body.Length} bytes";
        }, methods: ["POST"], lazyBody: true);
        // end-snippet

        // snippet: save
        app.Route("/files/{name:alnum}", async (request, response, name) =>
        {
            long length = 0;
            await using (var file = File.Create(Path.Combine(uploads, name)))
            {
                await foreach (var chunk in request.ReadChunksAsync())
                {
                    await file.WriteAsync(chunk);
                    length += chunk.Length;
                }
            }
            response.Status = HttpStatusCode.Created;
            response.Body = $"Saved {length} bytes as {name}";
        }, methods: ["PUT"], lazyBody: true);
        // end-snippet

        // snippet: limit
        const long MaxUpload = 1024 * 1024;

        app.OnHeaders((request, response) =>
        {
            var declared = long.TryParse(request.Headers["Content-Length"], out var length) ? length : 0;
            if (request.Route.Route?.LazyBody == true && declared > MaxUpload)
            {
                response.Status = HttpStatusCode.RequestEntityTooLarge;
                response.Body = $"At most {MaxUpload} bytes, please";
                return true;
            }
            return false;
        });
        // end-snippet

        // snippet: too-early
        app.Route("/too-early", (request, response) =>
        {
            response.Body = $"{request.Body.Length} bytes";
        }, methods: ["POST"], lazyBody: true);
        // end-snippet

        return app;
    }

    [Fact]
    public async Task ReadAsyncLoadsTheWholeBody()
    {
        var response = await Client.PostAsync("/whole", new string('x', 5000));

        Assert.Equal("5000 bytes", response.Text);
    }

    // snippet: test-save
    [Fact]
    public async Task AnUploadIsSavedChunkByChunk()
    {
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);

        var response = await Client.PutAsync("/files/avatar", content);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("Saved 300000 bytes as avatar", response.Text);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_uploads, "avatar")));
    }
    // end-snippet

    [Fact]
    public async Task AChunkedUploadIsReadTheSameWay()
    {
        var request = "PUT /files/notes HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

        var response = await Client.SendRawAsync(Encoding.ASCII.GetBytes(request));

        Assert.Equal("Saved 11 bytes as notes", response.Text);
        Assert.Equal("hello world", await File.ReadAllTextAsync(Path.Combine(_uploads, "notes")));
    }

    // snippet: test-limit
    [Fact]
    public async Task ATooLargeUploadIsRefusedBeforeItIsRead()
    {
        var response = await Client.PutAsync("/files/big", new byte[2 * 1024 * 1024]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.False(File.Exists(Path.Combine(_uploads, "big")));
    }
    // end-snippet

    // snippet: test-too-early
    [Fact]
    public async Task TouchingBodyBeforeReadingItIsAClearError()
    {
        var response = await Client.PostAsync("/too-early", "data");

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(
            "The body of this request was not loaded: its route reads it lazily, so call 'await request.ReadAsync()' first",
            response.Text);
    }
    // end-snippet
}

using System.IO.Pipelines;
using System.Net;
using System.Text;
using Roll.Server;
using Roll.Testing;

namespace Roll.Tests.App;

/// <summary>An app's own request, response, query, form, files, cookies and protocol types, used by the engine.</summary>
public class CustomTypesTests
{
    /// <summary>A query that reads a page number with bounds.</summary>
    private sealed class PagingQuery(string queryString) : Query(queryString)
    {
        public int Page() => Math.Clamp(Int("page", 1), 1, 100);
    }

    /// <summary>A form that trims what users type.</summary>
    private sealed class TrimmingForm : Form
    {
        public string Trimmed(string key) => Get(key).Trim();
    }

    /// <summary>Files with a total size, for upload quotas.</summary>
    private sealed class SizedFiles : Files
    {
        public long TotalLength => this.SelectMany(pair => pair.Value).Sum(file => file.Length);
    }

    private sealed class AppRequest : Request
    {
        public new PagingQuery Query => (PagingQuery)base.Query;

        public new TrimmingForm Form => (TrimmingForm)base.Form;

        public new SizedFiles Files => (SizedFiles)base.Files;

        protected override Query CreateQuery(string queryString) => new PagingQuery(queryString);

        protected override Form CreateForm() => new TrimmingForm();

        protected override Files CreateFiles() => new SizedFiles();
    }

    /// <summary>Cookies that are safe by default.</summary>
    private sealed class SafeCookies : Cookies
    {
        public Cookie SetSession(string value) => Set("session", value, httpOnly: true, secure: true, path: "/", sameSite: SameSite.Lax);
    }

    private sealed class AppResponse : Response
    {
        public new SafeCookies Cookies => (SafeCookies)base.Cookies;

        public void Html(string html)
        {
            Headers["Content-Type"] = "text/html; charset=utf-8";
            Body = html;
        }

        protected override Cookies CreateCookies() => new SafeCookies();
    }

    /// <summary>A protocol that counts the connections it serves and the request bytes they carried.</summary>
    private sealed class MeteredProtocol(RollApp app, MeteredPipe transport, EndPoint? remoteEndPoint)
        : HttpProtocol(app, transport, remoteEndPoint)
    {
        public MeteredPipe Transport { get; } = transport;
    }

    /// <summary>A transport that counts what the client sent before the protocol reads it.</summary>
    private sealed class MeteredPipe(IDuplexPipe inner) : IDuplexPipe
    {
        private readonly CountingReader _input = new(inner.Input);

        public PipeReader Input => _input;

        public PipeWriter Output => inner.Output;

        public long BytesRead => _input.BytesRead;
    }

    private sealed class CountingReader(PipeReader inner) : PipeReader
    {
        private System.Buffers.ReadOnlySequence<byte> _last;

        public long BytesRead { get; private set; }

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            BytesRead += _last.Slice(0, consumed).Length;
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            _last = result.Buffer;
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            var read = inner.TryRead(out result);
            if (read)
            {
                _last = result.Buffer;
            }
            return read;
        }
    }

    private sealed class MeteredApp : RollApp
    {
        public List<MeteredProtocol> Protocols { get; } = [];

        public override HttpProtocol CreateProtocol(IDuplexPipe transport, EndPoint? remoteEndPoint = null)
        {
            var protocol = new MeteredProtocol(this, new MeteredPipe(transport), remoteEndPoint);
            lock (Protocols)
            {
                Protocols.Add(protocol);
            }
            return protocol;
        }
    }

    [Fact]
    public async Task HandlersGetTheAppsOwnQueryWithoutACast()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.Route("/list", (request, response) => { response.Body = $"page {request.Query.Page()}"; });
        await using var client = new TestClient(app);

        Assert.Equal("page 3", (await client.GetAsync("/list?page=3")).Text);
        Assert.Equal("page 100", (await client.GetAsync("/list?page=5000")).Text);
        Assert.Equal("page 1", (await client.GetAsync("/list")).Text);
    }

    [Fact]
    public async Task TheAppsOwnQueryKeepsTheQueryGettersAndTheir400s()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.Route("/list", (request, response) => { response.Body = $"page {request.Query.Page()}"; });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/list?page=two");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Key 'page' must be castable to int", response.Text);
    }

    [Fact]
    public async Task HandlersGetTheAppsOwnResponseWithItsHtmlMethod()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.Route("/hello/{name}", async (request, response, name) =>
        {
            await Task.Yield();
            response.Html($"<h1>Hello {WebUtility.HtmlEncode(name)}</h1>");
        });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/hello/%3Cb%3E");

        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("<h1>Hello &lt;b&gt;</h1>", response.Text);
    }

    [Fact]
    public async Task TheEngineParsesFormsAndFilesIntoTheAppsOwnTypes()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.Route("/upload", (request, response) =>
        {
            response.Body = $"{request.Form.Trimmed("title")}|{request.Files.TotalLength}|{request.Files.Get("doc").FileName}";
        }, methods: ["POST"]);
        await using var client = new TestClient(app);
        TestFile[] files = [new("doc", "a.txt", new byte[10]), new("doc", "b.txt", new byte[5])];

        var response = await client.PostAsync("/upload", new Dictionary<string, string> { ["title"] = "  Report  " }, files: files);

        Assert.Equal("Report|15|a.txt", response.Text);
    }

    [Fact]
    public async Task TheAppsOwnFormIsUsedForUrlencodedBodiesToo()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.Route("/form", (request, response) => { response.Body = $"[{request.Form.Trimmed("name")}] {request.Files.TotalLength}"; },
            methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/form", new Dictionary<string, string> { ["name"] = " Ada " }, "application/x-www-form-urlencoded");

        Assert.Equal("[Ada] 0", response.Text);
    }

    [Fact]
    public async Task TheEngineSendsTheCookiesOfTheAppsOwnCookieType()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.Route("/login", (request, response) => { response.Cookies.SetSession("abc"); }, methods: ["POST"]);
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/login");

        Assert.Equal(["session=abc; path=/; secure; samesite=lax; httponly"], response.SetCookies);
    }

    [Fact]
    public async Task ListenersOfATypedAppGetItsOwnTypes()
    {
        var app = new RollApp<AppRequest, AppResponse>();
        app.OnResponse((request, response) => response.Headers["X-Types"] = $"{request.GetType().Name},{response.GetType().Name}");
        app.Route("/", (request, response) => { });
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal("AppRequest,AppResponse", response.Headers["X-Types"]);
    }

    [Fact]
    public async Task TheAppsOwnProtocolServesEachConnection()
    {
        var app = new MeteredApp();
        app.Route("/", (request, response) => { response.Body = "hi"; });
        await using var client = new TestClient(app);

        await client.GetAsync("/");
        await client.GetAsync("/", new Dictionary<string, string> { ["Connection"] = "close" });
        await client.GetAsync("/");

        Assert.Equal(2, app.Protocols.Count);
        Assert.All(app.Protocols, protocol => Assert.Same(app, protocol.App));
    }

    [Fact]
    public async Task TheAppsOwnProtocolSeesTheBytesOfItsConnection()
    {
        var app = new MeteredApp();
        app.Route("/", (request, response) => { response.Body = Encoding.UTF8.GetString(request.Body); }, methods: ["POST"]);
        await using var client = new TestClient(app);
        var request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"u8.ToArray();

        var response = await client.SendRawAsync(request);

        Assert.Equal("hello", response.Text);
        Assert.Equal(request.Length, Assert.Single(app.Protocols).Transport.BytesRead);
    }
}

using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using Roll.Server;
using Roll.Testing;

namespace Roll.Tests.Docs;

// snippet: response
/// <summary>A response that knows how to send HTML.</summary>
public class HtmlResponse : Response
{
    public void Html(string html)
    {
        Headers["Content-Type"] = "text/html; charset=utf-8";
        Body = html;
    }
}
// end-snippet

// snippet: form
/// <summary>A form that also reads ISO dates, answering 400 on a wrong one.</summary>
public class DateForm : Form
{
    public DateOnly Date(string key) =>
        DateOnly.TryParseExact(Get(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new HttpError(HttpStatusCode.BadRequest, $"Key '{key}' must be a date, as 2017-09-20");
}

/// <summary>Files that know their total size.</summary>
public class SizedFiles : Files
{
    public long TotalLength => this.SelectMany(pair => pair.Value).Sum(file => file.Length);
}

/// <summary>A request that parses its body into the two types above.</summary>
public class FormRequest : Request
{
    public new DateForm Form => (DateForm)base.Form;

    public new SizedFiles Files => (SizedFiles)base.Files;

    protected override Form CreateForm() => new DateForm();

    protected override Files CreateFiles() => new SizedFiles();
}
// end-snippet

// snippet: cookies
/// <summary>Cookies with a helper for session cookies, locked down by default.</summary>
public class SessionCookies : Cookies
{
    public Cookie SetSession(string name, string value) =>
        Set(name, value, secure: true, httpOnly: true, path: "/", sameSite: SameSite.Lax);
}

/// <summary>A response that uses <see cref="SessionCookies"/>.</summary>
public class SessionResponse : Response
{
    public new SessionCookies Cookies => (SessionCookies)base.Cookies;

    protected override Cookies CreateCookies() => new SessionCookies();
}
// end-snippet

// snippet: protocol
/// <summary>An app that counts the connections it serves.</summary>
public class CountingApp : RollApp
{
    private int _connections;

    public int Connections => _connections;

    public override HttpProtocol CreateProtocol(IDuplexPipe transport, EndPoint? remoteEndPoint = null)
    {
        Interlocked.Increment(ref _connections);
        return base.CreateProtocol(transport, remoteEndPoint);
    }
}
// end-snippet

/// <summary>The examples of "How to subclass Roll itself".</summary>
public class SubclassExamples
{
    [Fact]
    public async Task AResponseOfTheAppsOwnTypeReachesTheHandler()
    {
        // snippet: use-response
        var app = new RollApp<Request, HtmlResponse>();
        app.Route("/", (request, response) => response.Html("<h1>Welcome</h1>"));
        // end-snippet
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/");

        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("<h1>Welcome</h1>", response.Text);
    }

    [Fact]
    public async Task FormAndFilesOfTheAppsOwnTypesParseTheBody()
    {
        // snippet: use-form
        var app = new RollApp<FormRequest, Response>();
        app.Route("/trip", (request, response) =>
        {
            var leaving = request.Form.Date("leaving");
            response.Body = $"Leaving on {leaving:dddd}, with {request.Files.TotalLength} bytes of tickets";
        }, methods: ["POST"]);
        // end-snippet
        await using var client = new TestClient(app);

        var ok = await client.PostAsync("/trip", new Dictionary<string, string> { ["leaving"] = "2017-09-20" },
            files: [new TestFile("ticket", "ticket.pdf", new byte[1200]), new TestFile("ticket", "return.pdf", new byte[800])]);
        var wrong = await client.PostAsync("/trip", new Dictionary<string, string> { ["leaving"] = "soon" },
            "application/x-www-form-urlencoded");

        Assert.Equal("Leaving on Wednesday, with 2000 bytes of tickets", ok.Text);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("Key 'leaving' must be a date, as 2017-09-20", wrong.Text);
    }

    [Fact]
    public async Task CookiesOfTheAppsOwnTypeAreSent()
    {
        // snippet: use-cookies
        var app = new RollApp<Request, SessionResponse>();
        app.Route("/login", (request, response) => response.Cookies.SetSession("session", "s3cret"), methods: ["POST"]);
        // end-snippet
        await using var client = new TestClient(app);

        var response = await client.PostAsync("/login");

        Assert.Equal("session=s3cret; path=/; secure; samesite=lax; httponly", Assert.Single(response.SetCookies));
    }

    // snippet: test-protocol
    [Fact]
    public async Task CreateProtocolIsCalledOncePerConnection()
    {
        var app = new CountingApp();
        app.Route("/", (request, response) => response.Body = "OK");
        await using var client = new TestClient(app);

        await client.GetAsync("/");
        await client.GetAsync("/");
        Assert.Equal(1, app.Connections);

        await client.GetAsync("/", new Dictionary<string, string> { ["Connection"] = "close" });
        await client.GetAsync("/");
        Assert.Equal(2, app.Connections);
    }
    // end-snippet
}

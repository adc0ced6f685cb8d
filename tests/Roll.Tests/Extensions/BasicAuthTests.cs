using System.Net;
using System.Text;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class BasicAuthTests : RollTestBase
{
    // snippet: protect-basic
    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        app.Route("/admin", BasicAuth.Protect(Admin, user: "admin", password: "s3cret", realm: "Back office"));
        app.Route("/reports", BasicAuth.Protect(
            (request, response) => response.Body = "reports",
            check: (user, password) => user.EndsWith("@example.org") && password == "letmein"));
        return app;
    }

    private static void Admin(Request request, Response response)
    {
        response.Body = $"Welcome {request[BasicAuth.UserKey]}";
    }
    // end-snippet

    private static Dictionary<string, string> Authorization(string credentials, string scheme = "Basic")
        => new() { ["Authorization"] = $"{scheme} {Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))}" };

    [Fact]
    public async Task RightCredentialsReachTheHandlerWithTheUserName()
    {
        var response = await Client.GetAsync("/admin", Authorization("admin:s3cret"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Welcome admin", response.Text);
    }

    [Fact]
    public async Task NoCredentialsGet401AndAChallenge()
    {
        var response = await Client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("Basic realm=\"Back office\", charset=\"UTF-8\"", response.Headers["WWW-Authenticate"]);
        Assert.DoesNotContain("Welcome", response.Text);
    }

    [Theory]
    [InlineData("admin:wrong")]
    [InlineData("Admin:s3cret")]
    [InlineData("admin:s3cret ")]
    [InlineData("admin")]
    [InlineData(":")]
    [InlineData("")]
    public async Task WrongCredentialsGet401(string credentials)
    {
        var response = await Client.GetAsync("/admin", Authorization(credentials));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.NotNull(response.Headers["WWW-Authenticate"]);
    }

    [Theory]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Bearer YWRtaW46czNjcmV0")]
    [InlineData("BasicYWRtaW46czNjcmV0")]
    [InlineData("Basic /w==")]
    public async Task UnreadableCredentialsGet401(string header)
    {
        var response = await Client.GetAsync("/admin", new Dictionary<string, string> { ["Authorization"] = header });

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task TheSchemeIsCaseInsensitive()
    {
        var response = await Client.GetAsync("/admin", Authorization("admin:s3cret", scheme: "basic"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task ACheckFunctionDecidesWhoIsIn()
    {
        Assert.Equal("reports", (await Client.GetAsync("/reports", Authorization("ada@example.org:letmein"))).Text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/reports", Authorization("ada@example.com:letmein"))).Status);
    }

    [Fact]
    public async Task PasswordsMayHoldColonsAndNonAsciiCharacters()
    {
        var app = new RollApp();
        app.Route("/", BasicAuth.Protect((request, response) => response.Body = "in", user: "zoë", password: "a:b:ç"));
        await using var client = new TestClient(app);

        Assert.Equal("in", (await client.GetAsync("/", Authorization("zoë:a:b:ç"))).Text);
    }

    [Fact]
    public void ARealmCannotBreakOutOfItsQuotes()
    {
        Assert.Throws<ArgumentException>(() => BasicAuth.Protect((request, response) => { }, "u", "p", realm: "a\"b"));
    }
}

using System.Net;
using Roll.Testing;

namespace Roll.Tests.Extensions;

public class ContentNegotiationTests : RollTestBase
{
    protected override RollApp CreateApp()
    {
        var app = new RollApp();
        app.ContentNegotiation();
        app.Route("/test", (request, response) => response.Body = request.PreferredMediaType(), accepts: ["text/html", "application/json"]);
        app.Route("/free", (request, response) => response.Body = "anything");
        return app;
    }

    private Task<TestResponse> GetAsync(string path, string? accept)
        => Client.GetAsync(path, accept is null ? null : new Dictionary<string, string> { ["Accept"] = accept });

    [Theory]
    [InlineData("text/html", "text/html")]
    [InlineData("application/json", "application/json")]
    [InlineData("TEXT/HTML", "text/html")]
    [InlineData("text/*", "text/html")]
    [InlineData("application/*", "application/json")]
    [InlineData("*/*", "text/html")]
    [InlineData("text/html;q=0.5, application/json", "application/json")]
    [InlineData("text/html;q=0, */*", "application/json")]
    [InlineData("*/*;q=0.1, application/json;q=0.2", "application/json")]
    [InlineData("text/*;q=0, application/json", "application/json")]
    [InlineData("image/png, text/html;q=0.001", "text/html")]
    [InlineData("text/html;q=1.000, application/json;q=0.999", "text/html")]
    [InlineData("text/html,,application/json", "text/html")]
    [InlineData("text/html;", "text/html")]
    public async Task AnAcceptableRequestReachesTheHandlerWithTheBestType(string accept, string best)
    {
        var response = await GetAsync("/test", accept);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(best, response.Text);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/*")]
    [InlineData("text/plain, application/xml")]
    [InlineData("text/html;q=0")]
    [InlineData("text/html;q=0, application/json;q=0.000")]
    [InlineData("*/*;q=0")]
    [InlineData("text/html;level=1")]
    [InlineData("application/json;charset=latin1")]
    public async Task ARequestThatAcceptsNoneOfTheRoutesTypesGets406(string accept)
    {
        var response = await GetAsync("/test", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("*/html")]
    [InlineData("text/html;q=2")]
    [InlineData("text/html;q=abc")]
    [InlineData("text/html;q=0.1234")]
    [InlineData("text/html;q=1.5")]
    [InlineData("text/html, garbage")]
    [InlineData("te xt/html")]
    [InlineData("text/html; q")]
    public async Task AnAcceptHeaderThatCannotBeParsedIsABadRequest(string accept)
    {
        var response = await GetAsync("/test", accept);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("Invalid Accept header", response.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(" , ,")]
    public async Task AMissingOrEmptyAcceptAcceptsAnythingAsRfc9110Says(string? accept)
    {
        var response = await GetAsync("/test", accept);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html", response.Text);
    }

    [Fact]
    public async Task ARouteWithoutAcceptsIsNotNegotiated()
    {
        var response = await GetAsync("/free", "image/png");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task AnUnknownPathIsStillNotFound()
    {
        var response = await GetAsync("/nowhere", "image/png");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Theory]
    [InlineData("text/*")]
    [InlineData("*/*")]
    [InlineData("html")]
    public void AnAcceptsEntryThatIsNotAMediaTypeFailsAtRegistration(string type)
    {
        var error = Assert.Throws<ArgumentException>(() => App.Route("/bad", (request, response) => { }, accepts: [type]));

        Assert.Contains($"accepts '{type}'", error.Message);
    }

    [Fact]
    public void RoutesRegisteredBeforeTheExtensionAreCheckedToo()
    {
        var app = new RollApp();
        app.Route("/early", (request, response) => { }, accepts: ["text/*"]);

        Assert.Throws<ArgumentException>(app.ContentNegotiation);
    }
}

using System.Net;
using NegotiationSample;
using Roll;
using Roll.Testing;

namespace Samples.Tests;

public class NegotiationTests : RollTestBase
{
    protected override RollApp CreateApp() => NegotiationApp.Create();

    private Task<TestResponse> GetAsync(string accept)
        => Client.GetAsync("/test", new Dictionary<string, string> { ["Accept"] = accept });

    [Fact]
    public async Task HtmlIsAnsweredToAcceptTextHtml()
    {
        var response = await GetAsync("text/html");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("<h1>accepted</h1>", response.Text);
    }

    [Fact]
    public async Task JsonIsAnsweredToAcceptApplicationJson()
    {
        var response = await GetAsync("application/json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("""{"status":"accepted"}""", response.Text);
    }

    [Fact]
    public async Task AnImageIsNotAcceptable()
    {
        var response = await GetAsync("image/png");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
    }

    [Fact]
    public async Task ABrowsersAcceptGetsHtml()
    {
        var response = await GetAsync("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        Assert.Equal("<h1>accepted</h1>", response.Text);
    }
}

using System.Net;
using NegotiationSample;
using Roll.Testing;

namespace Samples.Tests;

public class NegotiationTests
{
    private static Task<TestResponse> GetAsync(TestClientBase client, string accept)
        => client.GetAsync("/test", new Dictionary<string, string> { ["Accept"] = accept });

    [Theory, Transports]
    public async Task HtmlIsAnsweredToAcceptTextHtml(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(NegotiationApp.Create(), transport);

        var response = await GetAsync(client, "text/html");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("<h1>accepted</h1>", response.Text);
    }

    [Theory, Transports]
    public async Task JsonIsAnsweredToAcceptApplicationJson(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(NegotiationApp.Create(), transport);

        var response = await GetAsync(client, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal("""{"status":"accepted"}""", response.Text);
    }

    [Theory, Transports]
    public async Task AnImageIsNotAcceptable(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(NegotiationApp.Create(), transport);

        var response = await GetAsync(client, "image/png");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
    }

    [Theory, Transports]
    public async Task ABrowsersAcceptGetsHtml(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(NegotiationApp.Create(), transport);

        var response = await GetAsync(client, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        Assert.Equal("<h1>accepted</h1>", response.Text);
    }
}

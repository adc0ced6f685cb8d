using System.Net;
using HtmlSample;

namespace Samples.Tests;

public class HtmlTests
{
    [Theory, Transports]
    public async Task ThePageHoldsTheParameter(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(HtmlApp.Create(), transport);

        var response = await client.GetAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.StartsWith("<!doctype html>", response.Text);
        Assert.Contains("<title>Hello</title>", response.Text);
        Assert.Contains("<p>world</p>", response.Text);
    }

    [Theory, Transports]
    public async Task TheParameterIsEscaped(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(HtmlApp.Create(), transport);

        var response = await client.GetAsync("/hello/%3Cscript%3Ealert(%22roll%22)&");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.DoesNotContain("<script>", response.Text);
        Assert.Contains("<p>&lt;script&gt;alert(&quot;roll&quot;)&amp;</p>", response.Text);
    }
}

using System.Net;
using HtmlSample;
using Roll;
using Roll.Testing;

namespace Samples.Tests;

public class HtmlTests : RollTestBase
{
    protected override RollApp CreateApp() => HtmlApp.Create();

    [Fact]
    public async Task ThePageHoldsTheParameter()
    {
        var response = await Client.GetAsync("/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.StartsWith("<!doctype html>", response.Text);
        Assert.Contains("<title>Hello</title>", response.Text);
        Assert.Contains("<p>world</p>", response.Text);
    }

    [Fact]
    public async Task TheParameterIsEscaped()
    {
        var response = await Client.GetAsync("/hello/%3Cscript%3Ealert(%22roll%22)&");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.DoesNotContain("<script>", response.Text);
        Assert.Contains("<p>&lt;script&gt;alert(&quot;roll&quot;)&amp;</p>", response.Text);
    }
}

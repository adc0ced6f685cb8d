using System.Net;
using System.Text;
using EchoSample;

namespace Samples.Tests;

public class EchoTests
{
    [Theory, Transports("GET", "OPTIONS")]
    public async Task RootAnswersOk(Transport transport, string method)
    {
        await using var client = await SampleClients.StartAsync(EchoApp.Create(), transport);

        var response = await client.RequestAsync(method, "/");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("OK", response.Text);
    }

    [Theory, Transports]
    public async Task HeadOnRootAnswersOkWithoutABody(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(EchoApp.Create(), transport);

        var response = await client.HeadAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("2", response.Headers["Content-Length"]);
        Assert.Empty(response.Body);
    }

    [Theory, Transports]
    public async Task PostOnRootAnswersTheRequestBody(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(EchoApp.Create(), transport);
        var body = new byte[100_000];
        new Random(7).NextBytes(body);

        var response = await client.PostAsync("/", body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(body.AsSpan().SequenceEqual(response.Body), "The body comes back byte for byte.");
    }

    [Theory, Transports("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE")]
    public async Task EchoAnswersEveryRequestHeaderOnALineOfItsOwn(Transport transport, string method)
    {
        await using var client = await SampleClients.StartAsync(EchoApp.Create(), transport);
        var request = $"{method} /echo HTTP/1.1\r\nHost: echo.test\r\nUser-Agent: roll-tests\r\nX-Roll: rock, and roll\r\n\r\n";

        var response = await client.SendRawAsync(Encoding.ASCII.GetBytes(request));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Host: echo.test\nUser-Agent: roll-tests\nX-Roll: rock, and roll\n", response.Text);
    }

    [Theory, Transports("GET", "POST", "PUT", "DELETE")]
    public async Task CookieAnswersEveryRequestCookieOnALineOfItsOwn(Transport transport, string method)
    {
        await using var client = await SampleClients.StartAsync(EchoApp.Create(), transport);
        var headers = new Dictionary<string, string> { ["Cookie"] = "flavour=chocolate; size=large; box=two%20dozen" };

        var response = await client.RequestAsync(method, "/cookie", headers: headers);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var lines = response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["box=two dozen", "flavour=chocolate", "size=large"], lines.Order());
        Assert.EndsWith("\n", response.Text);
    }

    [Theory, Transports]
    public async Task CookieAnswersNothingWithoutCookies(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(EchoApp.Create(), transport);

        var response = await client.GetAsync("/cookie");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("", response.Text);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using BenchSample;
using Roll.Testing;

namespace Samples.Tests;

/// <summary>The five endpoints of the benchmark kit (benchmarks/peers/README.md), whose answers every peer server must match.</summary>
public class BenchTests
{
    private static readonly Dictionary<string, string> s_benchCookie = new() { ["Cookie"] = "test=bench" };

    [Theory, Transports]
    public async Task MinimalAnswersHelloWorld(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BenchApp.Create(), transport);

        var response = await client.GetAsync("/hello/minimal");

        AssertJson("""{"message": "Hello, World!"}""", response);
        Assert.Empty(response.SetCookies);
    }

    [Theory, Transports]
    public async Task ParameterAnswersThePathParameter(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BenchApp.Create(), transport);

        var response = await client.GetAsync("/hello/with/foobar");

        AssertJson("""{"parameter": "foobar"}""", response);
    }

    [Theory, Transports]
    public async Task CookieAnswersTheTestCookieAndSetsTheBenchCookie(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BenchApp.Create(), transport);

        var response = await client.GetAsync("/hello/cookie", s_benchCookie);

        AssertJson("""{"cookie": "bench"}""", response);
        Assert.Equal(["bench=value"], response.SetCookies);
    }

    [Theory, Transports]
    public async Task QueryAnswersTheQueryParameter(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BenchApp.Create(), transport);

        var response = await client.GetAsync("/hello/query?query=foobar");

        AssertJson("""{"query": "foobar"}""", response);
    }

    [Theory, Transports]
    public async Task FullAnswersParametersQueryAndCookieAndSetsTheBenchCookie(Transport transport)
    {
        await using var client = await SampleClients.StartAsync(BenchApp.Create(), transport);

        var response = await client.GetAsync("/hello/full/with/foo/and/bar?query=foobar", s_benchCookie);

        AssertJson("""{"parameters": "foo and bar", "query": "foobar", "cookie": "bench"}""", response);
        Assert.Equal(["bench=value"], response.SetCookies);
    }

    private static void AssertJson(string expected, TestResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Headers["Content-Type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), response.Json), $"Expected {expected}, got {response.Text}");
    }
}

using System.Net;
using HostingSample;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roll.Hosting;
using Roll.Server;

namespace Samples.Tests;

public class HostingTests
{
    [Fact]
    public async Task TheHandlerCountsVisitsWithTheHostsSingleton()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Roll:Urls:0", "http://127.0.0.1:0")]);
        builder.Services.AddSingleton<VisitCounter>();
        builder.Services.AddRoll(HostingApp.Configure);
        using var host = builder.Build();
        await host.StartAsync();
        var port = ((IPEndPoint)host.Services.GetRequiredService<RollServer>().EndPoints[0]).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal("Hello world, visit 1", await http.GetStringAsync("/hello/world"));
        Assert.Equal("Hello Roll, visit 2", await http.GetStringAsync("/hello/Roll"));
        await host.StopAsync();
    }
}

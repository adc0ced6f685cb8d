using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roll.Hosting;
using Roll.Server;

namespace Roll.Tests.Hosting;

public class HostingTests
{
    [Fact]
    public async Task AHostedAppListensOnItsConfiguredUrlWithItsConfiguredLimits()
    {
        var builder = Builder(new()
        {
            ["Roll:Urls:0"] = "http://127.0.0.1:0",
            ["Roll:Limits:MaxRequestBodySize"] = "10",
            ["Roll:Limits:ShutdownTimeout"] = "00:00:05",
            ["Roll:TrustedProxies:0"] = "127.0.0.1",
        });
        builder.Services.AddSingleton(new Greeting("Hello"));
        var shutdown = false;
        builder.Services.AddRoll(app =>
        {
            app.Route("/hello/{name}", (request, response, name) =>
                response.Body = $"{request.GetService<Greeting>().Word} {name} from {request.ClientAddress}");
            app.Route("/upload", (request, response) => response.Body = "stored", methods: ["POST"]);
            app.OnShutdown(() => shutdown = true);
        });
        using var host = builder.Build();

        await host.StartAsync();
        var app = host.Services.GetRequiredService<RollApp>();
        var port = ((IPEndPoint)host.Services.GetRequiredService<RollServer>().EndPoints[0]).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/hello/world") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        var hello = await http.SendAsync(forwarded);
        var upload = await http.PostAsync("/upload", new ByteArrayContent(new byte[11]));
        await host.StopAsync();

        Assert.Equal("Hello world from 203.0.113.9", await hello.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), app.Limits.ShutdownTimeout);
        Assert.Same(host.Services.GetRequiredService<Greeting>(), app.Services().GetRequiredService<Greeting>());
        Assert.Same(app.Services(), app[RollServices.Key]);
        Assert.True(shutdown);
    }

    [Fact]
    public async Task EachRequestHasItsOwnScopeDisposedOnceTheResponseIsReady()
    {
        var builder = Builder(new() { ["Roll:Urls:0"] = "http://127.0.0.1:0" });
        builder.Services.AddScoped<Unit>();
        var units = new List<Unit>();
        builder.Services.AddRoll(app => app.Route("/", (request, response) =>
        {
            var unit = request.GetService<Unit>();
            Assert.Same(unit, request.GetService<Unit>());
            units.Add(unit);
            response.Body = unit.Disposed ? "disposed" : "alive";
        }));
        using var host = builder.Build();
        await host.StartAsync();
        var port = ((IPEndPoint)host.Services.GetRequiredService<RollServer>().EndPoints[0]).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal("alive", await http.GetStringAsync("/"));
        Assert.Equal("alive", await http.GetStringAsync("/"));
        await host.StopAsync();

        Assert.Equal(2, units.Count);
        Assert.NotSame(units[0], units[1]);
        Assert.All(units, unit => Assert.True(unit.Disposed));
    }

    [Fact]
    public async Task AHostedAppListensOnAUnixSocketWithItsMode()
    {
        var folder = Directory.CreateTempSubdirectory("roll-hosting-");
        var path = Path.Combine(folder.FullName, "app.sock");
        var builder = Builder(new() { ["Roll:Urls:0"] = $"unix:{path}", ["Roll:UnixSocketMode"] = "600" });
        builder.Services.AddRoll(_ => new RollApp());
        using var host = builder.Build();

        await host.StartAsync();
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);
        await host.StopAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.False(File.Exists(path));
        folder.Delete(recursive: true);
    }

    [Fact]
    public void AnUnhostedAppSaysHowToReachServices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RollApp().Services());

        Assert.Contains("AddRoll", error.Message);
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private sealed record Greeting(string Word);

    private sealed class Unit : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}

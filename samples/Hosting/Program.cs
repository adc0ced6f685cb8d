using HostingSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roll.Hosting;

// snippet: program
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
builder.Services.AddSingleton<VisitCounter>();
builder.Services.AddRoll(HostingApp.Configure);
await builder.Build().RunAsync();
// end-snippet

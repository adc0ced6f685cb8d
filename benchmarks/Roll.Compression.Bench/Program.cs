// The /items answer of samples/Api (200 objects), compressed at the Fastest level, served either by Roll's engine with
// app.Compression() or by ASP.NET Core Minimal APIs with its ResponseCompression middleware: benchmarks/compression.sh
// runs both under wrk and compares them.
//
// usage: Roll.Compression.Bench roll|aspnet PORT
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.ResponseCompression;
using Roll;

var which = args.Length > 0 ? args[0] : "roll";
var port = args.Length > 1 ? int.Parse(args[1]) : 3579;
var items = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(1, 200).Select(n => $"{{\"id\":{n},\"name\":\"item {n}\"}}")) + "]");

if (which == "roll")
{
    var app = new RollApp();
    app.Compression(new CompressionOptions { Level = CompressionLevel.Fastest });
    app.Route("/items", (request, response) =>
    {
        response.Headers["Content-Type"] = "application/json";
        response.Body = items;
    });
    await app.ServeAsync(["--port", port.ToString(), "--quiet"]);
}
else
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
    builder.Services.AddResponseCompression();
    builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
    builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
    var web = builder.Build();
    web.UseResponseCompression();
    web.MapGet("/items", () => Results.Bytes(items, "application/json"));
    await web.RunAsync();
}

using System.IO.Compression;
using System.Net;
using System.Xml.Linq;

namespace Roll.Deploy.Tests;

/// <summary>The packages as a user gets them: their contents, <c>dotnet add package</c> from a local feed, and <c>dotnet new roll</c>.</summary>
// System: packs every package and builds projects from them, which takes a minute or more.
[Trait("Category", "System")]
public sealed class PackageTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan Build = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("Roll")]
    [InlineData("Roll.Testing")]
    [InlineData("Roll.Hosting")]
    public void ALibraryPackageHasItsReadmeLicenceXmlDocsAndSymbols(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{id}.{packed.Version}.nupkg"));
        var entries = package.Entries.Select(entry => entry.FullName).ToArray();
        var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
        string? Metadata(string name) => nuspec.Root!.Elements().First().Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.Equal("MIT", Metadata("license"));
        Assert.Equal("README.md", Metadata("readme"));
        Assert.Equal("Roll for .NET developers", Metadata("authors"));
        using var symbols = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{id}.{packed.Version}.snupkg"));
        Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(entry => entry.FullName));
    }

    [Fact]
    public async Task DotnetAddPackageRollFromTheLocalFeedWorksInANewProject()
    {
        var project = Path.Combine(packed.Scratch.FullName, "Plain");
        await Command.RunAsync("dotnet", ["new", "console", "-o", project], packed.Scratch.FullName, Build);

        var added = await Command.RunAsync("dotnet", ["add", project, "package", "Roll", "--version", packed.Version], packed.Scratch.FullName, Build);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
            using Roll;

            var app = new RollApp();
            app.Route("/", (request, response) => response.Body = "packed");
            await app.ServeAsync(args);
            """);
        await Command.RunAsync("dotnet", ["build", project, "--nologo"], packed.Scratch.FullName, Build);

        Assert.Contains($"PackageReference for package 'Roll' version '{packed.Version}' added", added);
    }

    [Fact]
    public async Task TheTemplateMakesAProjectThatPassesItsTestAndSaysHelloWorld()
    {
        var scratch = packed.Scratch.FullName;
        var hive = Path.Combine(scratch, "hive");
        await Command.RunAsync("dotnet", ["new", "install", Path.Combine(packed.Feed, $"Roll.Templates.{packed.Version}.nupkg"),
            "--debug:custom-hive", hive], scratch, Build);
        var created = await Command.RunAsync("dotnet", ["new", "roll", "-o", "Hello", "--debug:custom-hive", hive], scratch, Build);
        var hello = Path.Combine(scratch, "Hello");

        var tested = await Command.RunAsync("dotnet", ["test", "--nologo"], hello, Build);

        Assert.Contains("The template \"Roll app\" was created successfully.", created);
        Assert.Contains($"Version=\"{packed.Version}\"", await File.ReadAllTextAsync(Path.Combine(hello, "src", "Hello", "Hello.csproj")));
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+2, Skipped:\s+0, Total:\s+2", tested);
        using var app = ChildProcess.Start("dotnet", [Path.Combine(hello, "src", "Hello", "bin", "Debug", "net10.0", "Hello.dll"), "--port", "0"], hello);
        var port = (await app.WaitForLineAsync(@"^Rolling on http://127\.0\.0\.1:(\d+)$", Build)).Groups[1].Value;
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://127.0.0.1:{port}/hello/world");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello world", await response.Content.ReadAsStringAsync());
        Assert.Contains("Startup: ready to roll!", app.Output);
        app.Signal();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }
}

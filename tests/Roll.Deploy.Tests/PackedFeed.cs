namespace Roll.Deploy.Tests;

/// <summary>A local NuGet feed holding the packages of this build, packed once for the tests that share it.</summary>
/// <remarks>
/// Each run packs a version of its own (1.0.0-ci.TIMESTAMP), so NuGet's cache never serves a package of an
/// earlier build; the run removes its version from the cache when done.
/// </remarks>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly string[] Projects = ["src/Roll", "src/Roll.Testing", "src/Roll.Hosting", "templates/Roll.Templates"];

    /// <summary>A scratch folder outside the repository, with the feed in it.</summary>
    public DirectoryInfo Scratch { get; } = Directory.CreateTempSubdirectory("roll-packed-");

    /// <summary>The feed folder.</summary>
    public string Feed => Path.Combine(Scratch.FullName, "feed");

    /// <summary>The version every package was packed with.</summary>
    public string Version { get; } = $"1.0.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>Packs the built projects into the feed.</summary>
    public async Task InitializeAsync()
    {
        foreach (var project in Projects)
        {
            await Command.RunAsync("dotnet", ["pack", project, "-c", Repository.Configuration, "--no-build", "--nologo",
                $"-p:Version={Version}", "-o", Feed], Repository.Root, TimeSpan.FromMinutes(5));
        }
        // Restores in the scratch folder look in the feed first, then in the sources this machine already has.
        await File.WriteAllTextAsync(Path.Combine(Scratch.FullName, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="roll" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>Deletes the scratch folder and this version from NuGet's cache.</summary>
    public Task DisposeAsync()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "roll", "roll.testing", "roll.hosting" })
        {
            var cached = Path.Combine(cache, id, Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
        Scratch.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

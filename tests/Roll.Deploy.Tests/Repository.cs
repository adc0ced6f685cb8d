namespace Roll.Deploy.Tests;

/// <summary>Where the repository and the build outputs these tests run are.</summary>
internal static class Repository
{
    /// <summary>The repository's root folder, the one with Roll.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration these tests were built in, Debug or Release; the samples were built in the same.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built assembly of a sample, e.g. samples/FullAsync/bin/Release/net10.0/FullAsync.dll.</summary>
    public static string Sample(string name)
        => Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", name + ".dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Roll.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Roll.slnx above {AppContext.BaseDirectory}");
    }
}

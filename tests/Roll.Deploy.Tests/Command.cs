namespace Roll.Deploy.Tests;

/// <summary>Runs a command to its end, failing with its whole output when it fails.</summary>
internal static class Command
{
    /// <summary>Runs a program and returns its output; throws with the output when the exit code is not 0.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string folder, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        using var child = ChildProcess.Start(file, arguments, folder, environment);
        var code = await child.WaitForExitAsync(timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {code}:\n{child.Output}");
        }
        return child.Output;
    }

    /// <summary>Publishes a sample as native AOT into <paramref name="folder"/>, built apart from the checkout's own outputs; returns what the publish printed.</summary>
    /// <remarks>
    /// Apart (<c>--artifacts-path</c>, under the folder): the docs' Release sessions, run at the same time by another
    /// test assembly, rebuild src/Roll's Release output, and ilc died of SIGBUS there once, as a process does when a file it has mapped is rewritten.
    /// </remarks>
    public static Task<string> PublishNativeAsync(string sample, string folder) =>
        RunAsync("dotnet", ["publish", $"samples/{sample}", "-c", "Release", "-p:PublishAot=true", "-o", folder,
            "--artifacts-path", Path.Combine(folder, "build"), "--nologo"], Repository.Root, TimeSpan.FromMinutes(10));
}

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
}

using System.Diagnostics;

namespace Roll.Tests.WebSockets.Interop;

/// <summary>A fact that needs Debian's python3-websockets (.ci/run installs it); skipped, saying why, only on a machine without it.</summary>
public sealed class PythonWebSocketsFactAttribute : FactAttribute
{
    /// <summary>Debian's own interpreter: a pyenv python3 on PATH does not see Debian's packages.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> s_missing = new(FindMissing);

    public PythonWebSocketsFactAttribute()
    {
        if (s_missing.Value is { } missing)
        {
            Skip = missing;
        }
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing: install python3-websockets (apt-get install python3-websockets), as .ci/run does.";
        }
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import websockets"]) { RedirectStandardError = true })!;
        check.WaitForExit(30_000);
        return check.HasExited && check.ExitCode == 0
            ? null
            : $"{Python} cannot import websockets: install python3-websockets (apt-get install python3-websockets), as .ci/run does.";
    }
}

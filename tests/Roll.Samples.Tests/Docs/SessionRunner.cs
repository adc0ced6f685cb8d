using System.Diagnostics;
using System.Text.RegularExpressions;
using Roll;

namespace Samples.Tests.Docs;

/// <summary>Runs a session's commands as the page shows them, and says where what they print differs from the page.</summary>
/// <remarks>
/// Commands go to bash in an empty folder, with the page's port rewritten to the live app's; <c>dotnet run --project
/// samples/NAME</c> is run in-process by <see cref="SampleProgram"/> instead. Dates, ports and curl's version are
/// normalised on both sides, and a <c>...</c> line in the page stands for any number of lines.
/// </remarks>
public static partial class SessionRunner
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"\b(127\.0\.0\.1|localhost):(\d+)")]
    private static partial Regex AddressRegex();

    [GeneratedRegex(@"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")]
    private static partial Regex HttpDateRegex();

    [GeneratedRegex(@"curl/\d+(\.\d+)*")]
    private static partial Regex CurlVersionRegex();

    [GeneratedRegex(@"^dotnet run --project (samples/\w+)(?: -- (.*))?$")]
    private static partial Regex DotnetRunRegex();

    /// <summary>Why checked sessions cannot run here (bash or curl is not on the PATH), or null when they can.</summary>
    public static string? MissingTool { get; } = Missing("bash") ?? Missing("curl");

    /// <summary>Runs one command; returns what it printed, normalised, with the live port read back as the page's.</summary>
    public static async Task<string[]> RunAsync(SessionCommand step, string sample, Func<RollApp> create, int livePort, string folder)
    {
        var command = step.Line;
        var run = DotnetRunRegex().Match(command);
        if (run.Success)
        {
            Assert.True(run.Groups[1].Value == sample, $"'{command}' runs another sample than the marker's {sample}");
            var (printed, ports) = await SampleProgram.RunAsync(sample, create, run.Groups[2].Value, step.Expected.Count(l => l.Trim() != "..."), folder);
            return Normalise(printed, ports);
        }
        var pagePort = AddressRegex().Match(command) is { Success: true } address ? address.Groups[2].Value : null;
        var rewritten = AddressRegex().Replace(command, m => $"{m.Groups[1].Value}:{livePort}");
        var output = await BashAsync(rewritten, folder);
        return Normalise(output, pagePort is null ? null : (livePort.ToString(), pagePort));
    }

    private static async Task<string> BashAsync(string command, string folder)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        // What the reader's terminal shows is stdout and stderr together, and curl draws no progress meter on a terminal.
        start.ArgumentList.Add("exec 2>&1\ncurl() { command curl --no-progress-meter \"$@\"; }\n" + command);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not end within {s_timeout.TotalSeconds} s");
        }
    }

    /// <summary>The lines a command printed, normalised, with the live port read back as the page's.</summary>
    public static string[] Normalise(string output, (string Live, string Page)? port = null)
    {
        if (port is { } ports)
        {
            output = Regex.Replace(output, $@":{ports.Live}\b", ":" + ports.Page);
        }
        var lines = output.Replace("\r", string.Empty).Split('\n').Select(NormaliseLine).ToList();
        // A final newline ends the last line, it does not start another; no output is no line.
        if (output.Length == 0 || output.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return [.. lines];
    }

    /// <summary>A line of a page or of an output with what changes from run to run made equal: HTTP dates, curl's version, trailing spaces.</summary>
    public static string NormaliseLine(string line) =>
        CurlVersionRegex().Replace(HttpDateRegex().Replace(line, "<http-date>"), "curl/<version>").TrimEnd();

    /// <summary>Whether the output matches the page's lines, where a line <c>...</c> stands for any number of lines, and <c>...</c> in a line for any text.</summary>
    public static bool Matches(string[] expected, string[] actual, int e = 0, int a = 0)
    {
        if (e == expected.Length)
        {
            return a == actual.Length;
        }
        if (expected[e] == "...")
        {
            for (var skip = a; skip <= actual.Length; skip++)
            {
                if (Matches(expected, actual, e + 1, skip))
                {
                    return true;
                }
            }
            return false;
        }
        return a < actual.Length && LineMatches(expected[e], actual[a]) && Matches(expected, actual, e + 1, a + 1);
    }

    /// <summary>Whether a line matches the page's, where <c>...</c> inside the page's line stands for any text.</summary>
    public static bool LineMatches(string expected, string actual) =>
        expected == actual
        || (expected.Contains("...", StringComparison.Ordinal)
            && Regex.IsMatch(actual, "^" + string.Join(".*", expected.Split("...").Select(Regex.Escape)) + "$"));

    private static string? Missing(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)))
            ? null
            : $"{tool} is not installed: the console sessions of the docs run it (apt-get install {tool})";
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Samples.Tests.Docs;

/// <summary>Runs a session's commands as the page shows them, and says where what they print differs from the page.</summary>
/// <remarks>
/// Commands go to bash in an empty folder, with the page's port rewritten to the live app's; <c>dotnet run --project
/// samples/NAME</c> runs the sample's program built beside these tests instead. Dates, ports and curl's version are
/// normalised on both sides, and a <c>...</c> line in the page stands for any number of lines.
/// </remarks>
public static partial class SessionRunner
{
    private const string DefaultPort = "3579";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"\b(127\.0\.0\.1|localhost):(\d+)")]
    private static partial Regex AddressRegex();

    [GeneratedRegex(@"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")]
    private static partial Regex HttpDateRegex();

    [GeneratedRegex(@"curl/\d+(\.\d+)*")]
    private static partial Regex CurlVersionRegex();

    [GeneratedRegex(@"^dotnet run --project (samples/\w+)(?: -- (.*))?$")]
    private static partial Regex DotnetRunRegex();

    [GeneratedRegex(@"Rolling on \S+:(\d+)")]
    private static partial Regex RollingOnRegex();

    /// <summary>Whether bash and curl are on the PATH, which checked sessions need.</summary>
    public static string? MissingTool { get; } = Missing("bash") ?? Missing("curl");

    /// <summary>Runs one command; returns what it printed, normalised, with the live port read back as the page's.</summary>
    public static async Task<string[]> RunAsync(SessionCommand step, string sample, int livePort, string folder)
    {
        var command = step.Line;
        var run = DotnetRunRegex().Match(command);
        if (run.Success)
        {
            Assert.True(run.Groups[1].Value == sample, $"'{command}' runs another sample than the marker's {sample}");
            return await RunSampleAsync(sample, run.Groups[2].Value, step.Expected.Count(l => l.Trim() != "..."), folder);
        }
        var pagePort = AddressRegex().Match(command) is { Success: true } address ? address.Groups[2].Value : null;
        var rewritten = AddressRegex().Replace(command, m => $"{m.Groups[1].Value}:{livePort}");
        var output = await BashAsync(rewritten, folder);
        return Normalise(output, pagePort is null ? null : (livePort.ToString(), pagePort));
    }

    /// <summary>Runs <c>dotnet run --project samples/NAME -- ARGS</c>'s program with <c>--port 0</c>, reads that many lines of its output, and stops it.</summary>
    public static async Task<string[]> RunSampleAsync(string sample, string args, int expectedLines, string folder)
    {
        var name = sample["samples/".Length..];
        // The sample's own output folder holds its dependencies; the copy beside the tests does not.
        var configuration = typeof(SessionRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var program = Path.Combine(ConsoleSession.Root, sample, "bin", configuration, framework, name + ".dll");
        Assert.True(File.Exists(program), $"{program} is missing: the test project references every sample a page runs, which builds it");
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = words.IndexOf("--port");
        var hasPort = at >= 0 && at + 1 < words.Count;
        var port = hasPort ? words[at + 1] : DefaultPort;
        if (hasPort)
        {
            words[at + 1] = "0";
        }
        else if (!words.Contains("--unix-socket"))
        {
            words.AddRange(["--port", "0"]);
        }
        // A socket the page puts in /tmp goes to the session's folder, so that two runs never share it.
        var socketAt = words.IndexOf("--unix-socket");
        var pageSocket = socketAt >= 0 && socketAt + 1 < words.Count ? words[socketAt + 1] : null;
        if (pageSocket is not null)
        {
            words[socketAt + 1] = Path.Combine(folder, Path.GetFileName(pageSocket));
        }
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        words.ForEach(start.ArgumentList.Add);
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("ROLL_", StringComparison.Ordinal) || k == "NOTIFY_SOCKET").ToList())
        {
            start.Environment.Remove(variable);
        }
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            while (lines.Count < expectedLines && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            // A sample that prints fewer lines than the page shows: compared as it is.
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var text = string.Join('\n', lines);
        if (pageSocket is not null)
        {
            text = text.Replace(words[socketAt + 1], pageSocket, StringComparison.Ordinal);
        }
        var live = lines.Select(l => RollingOnRegex().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return Normalise(text, live is null ? null : (live, port));
    }

    private static async Task<string> BashAsync(string command, string folder)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        // What the reader's terminal shows is stdout and stderr together, and curl draws no progress meter on a terminal.
        start.ArgumentList.Add("exec 2>&1\ncurl() { command curl --no-progress-meter \"$@\"; }\n" + command);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(s_timeout);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return output;
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

    /// <summary>Whether the output matches the page's lines, where a line <c>...</c> stands for any number of lines.</summary>
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
        return a < actual.Length && expected[e] == actual[a] && Matches(expected, actual, e + 1, a + 1);
    }

    private static string? Missing(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)))
            ? null
            : $"{tool} is not installed: the console sessions of the docs run it (apt-get install {tool})";
    }
}

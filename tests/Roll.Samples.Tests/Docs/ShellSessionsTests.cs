using System.Text.RegularExpressions;

namespace Samples.Tests.Docs;

/// <summary>
/// The console sessions marked <c>&lt;!-- session: shell --&gt;</c> are typed for real, page by page, in one bash per
/// page (<see cref="ShellTerminal"/>), and what each command prints is compared with the page's lines.
/// </summary>
/// <remarks>
/// They build projects, publish native executables, start Redis or nginx and run benchmarks for a second, so they are
/// System tests: <c>dotnet test --settings tests/system.runsettings</c>. The convention: docs/index.md.
/// </remarks>
[Trait("Category", "System")]
[Collection(nameof(ShellSessionsCollection))]
public sealed partial class ShellSessionsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    /// <summary>The pages that have shell sessions and build nothing in Release, one test case each.</summary>
    public static TheoryData<string> Pages() => PagesThat(release: false);

    /// <summary>The pages with shell sessions, those that build in Release or not.</summary>
    /// <remarks>
    /// A page that packs, publishes, builds with <c>-c Release</c> or runs the benchmark and fuzzing scripts (which
    /// publish in Release) builds Roll in Release; the others use the Debug build that <c>dotnet test</c> made, or
    /// build in Debug. Each kind runs one page at a time, since two builds of one project at once trip over each
    /// other's files, but the two kinds run side by side.
    /// </remarks>
    public static TheoryData<string> PagesThat(bool release)
    {
        var data = new TheoryData<string>();
        foreach (var page in ConsoleSession.All().Where(s => s.IsShell).GroupBy(s => s.Page))
        {
            if (page.Any(s => s.Commands.Any(c => ReleaseRegex().IsMatch(c.Line))) == release)
            {
                data.Add(page.Key);
            }
        }
        return data;
    }

    /// <summary>The options a shell session may take; anything else is a typo the docs test reports.</summary>
    public static bool IsKnownOption(string option) => OptionRegex().IsMatch(option);

    [ShellTheory]
    [MemberData(nameof(Pages))]
    public Task PagePrintsWhatItShows(string page) => RunPageAsync(page);

    /// <summary>Types every shell session of a page into a terminal of its own and compares what it prints.</summary>
    public static async Task RunPageAsync(string page)
    {
        var untracked = await UntrackedAsync();
        await using (var terminal = await ShellTerminal.OpenAsync())
        {
            foreach (var session in ConsoleSession.All().Where(s => s.IsShell && s.Page == page))
            {
                await RunAsync(terminal, session);
            }
        }
        var left = (await UntrackedAsync()).Except(untracked).ToList();
        Assert.True(left.Count == 0, $"{page} left files in the repository: {string.Join(", ", left)}; write them under /tmp/tut");
    }

    private static async Task RunAsync(ShellTerminal terminal, ConsoleSession session)
    {
        var timeout = s_timeout;
        var figures = false;
        var serves = false;
        foreach (var option in session.Options)
        {
            var match = OptionRegex().Match(option);
            Assert.True(match.Success, $"{session.Where}: unknown option '{option}'");
            switch (match.Groups["name"].Value)
            {
                case "timeout": timeout = TimeSpan.FromSeconds(int.Parse(match.Groups["value"].Value)); break;
                case "figures": figures = true; break;
                case "serves": serves = true; break;
                case "env": await terminal.RunAsync("export " + terminal.Rewrite(match.Groups["value"].Value), s_timeout); break;
            }
        }
        Assert.True(!serves || session.Commands.Length == 1, $"{session.Where}: a session that serves has one command");
        foreach (var command in session.Commands)
        {
            var expected = command.Expected.Select(line => Normalise(line, figures)).ToArray();
            var line = terminal.Rewrite(command.Line);
            string[] actual;
            if (serves)
            {
                var printed = await terminal.StartAsync(line, output => MatchesStart(expected, Lines(output, figures)), timeout);
                actual = Lines(printed, figures);
                if (MatchesStart(expected, actual))
                {
                    continue;
                }
            }
            else
            {
                actual = Lines(terminal.ReadBack(await terminal.RunAsync(line, timeout)), figures);
                if (SessionRunner.Matches(expected, actual))
                {
                    continue;
                }
            }
            Assert.Fail($"{session.Where}: `$ {command.Line}` printed{Environment.NewLine}{string.Join(Environment.NewLine, actual)}"
                + $"{Environment.NewLine}where the page shows{Environment.NewLine}{string.Join(Environment.NewLine, expected)}");
        }
    }

    /// <summary>The lines of an output as <see cref="SessionRunner.Normalise"/> splits them, with durations (and figures) normalised too.</summary>
    public static string[] Lines(string output, bool figures) =>
        [.. SessionRunner.Normalise(output).Select(line => Normalise(line, figures))];

    /// <summary>
    /// A line with what changes from run to run made equal: what <see cref="SessionRunner.NormaliseLine"/> does, and
    /// durations; with <paramref name="figures"/>, every number (counts and rates of a benchmark, say) and the padding
    /// that aligns them in columns (runs of spaces, a table's runs of dashes), which varies with the numbers' widths.
    /// </summary>
    public static string Normalise(string line, bool figures)
    {
        line = SessionRunner.NormaliseLine(line);
        line = ElapsedRegex().Replace(line, "<time>");
        line = DurationRegex().Replace(line, "<time>");
        return figures ? PaddingRegex().Replace(FigureRegex().Replace(line, "#"), m => m.Value[..1]) : line;
    }

    /// <summary>Whether the first lines of an output that goes on (a server's) match the page's lines.</summary>
    public static bool MatchesStart(string[] expected, string[] actual)
    {
        for (var n = actual.Length; n >= 0; n--)
        {
            if (SessionRunner.Matches(expected, actual[..n]))
            {
                return true;
            }
        }
        return false;
    }

    private static async Task<HashSet<string>> UntrackedAsync()
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", ["status", "--porcelain", "--untracked-files=all"])
        {
            WorkingDirectory = ConsoleSession.Root,
            RedirectStandardOutput = true,
        };
        using var git = System.Diagnostics.Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("??", StringComparison.Ordinal))];
    }

    [GeneratedRegex(@"\bdotnet (pack|publish)\b|-c Release\b|\bbenchmarks/|\bfuzz/")]
    private static partial Regex ReleaseRegex();

    [GeneratedRegex(@"^(?<name>serves|figures|timeout|env)(?: (?<value>.+))?$")]
    private static partial Regex OptionRegex();

    // 00:00:02.34, as msbuild prints the time it took.
    [GeneratedRegex(@"\b\d{2}:\d{2}:\d{2}(\.\d+)?\b")]
    private static partial Regex ElapsedRegex();

    // 135 ms, 1.2 s, 3 min: as the SDK and the test runner print them.
    [GeneratedRegex(@"\b\d+(\.\d+)? ?(ms|s|sec|min|µs|us|ns)\b")]
    private static partial Regex DurationRegex();

    // A minus sign is part of a figure where it begins a word: a difference may come out negative in a short run.
    [GeneratedRegex(@"(?:(?<=^|\s)-)?\d+([.,]\d+)*")]
    private static partial Regex FigureRegex();

    [GeneratedRegex(@" {2,}|-{2,}")]
    private static partial Regex PaddingRegex();
}

/// <summary>The pages' terminals build the same projects (the samples, Roll in Debug): one page at a time.</summary>
[CollectionDefinition(nameof(ShellSessionsCollection))]
public sealed class ShellSessionsCollection;

/// <summary>The shell sessions of the pages that build in Release (packs, publishes, benchmarks), one page at a time, beside the others.</summary>
[Trait("Category", "System")]
[Collection(nameof(ReleaseShellSessionsCollection))]
public sealed class ReleaseShellSessionsTests
{
    /// <summary>The pages that have shell sessions and build in Release, one test case each.</summary>
    public static TheoryData<string> Pages() => ShellSessionsTests.PagesThat(release: true);

    [ShellTheory]
    [MemberData(nameof(Pages))]
    public Task PagePrintsWhatItShows(string page) => ShellSessionsTests.RunPageAsync(page);
}

/// <summary>The pages that build in Release share Roll's Release build: one page at a time.</summary>
[CollectionDefinition(nameof(ReleaseShellSessionsCollection))]
public sealed class ReleaseShellSessionsCollection;

/// <summary>
/// A theory over the pages' shell sessions, skipped with the reason when bash, curl or a tool the pages run is missing
/// (Debian's packages, which .ci/run installs): a machine with the .NET SDK alone skips them and says what to install.
/// </summary>
public sealed class ShellTheoryAttribute : TheoryAttribute
{
    // The programs the pages' sessions run besides the SDK, and the Debian package of each.
    private static readonly (string Program, string Package)[] s_tools =
    [
        ("nginx", "nginx"), ("clang", "clang"), ("redis-server", "redis-server"), ("afl-fuzz", "afl++"), ("wrk", "wrk"),
        ("promtool", "prometheus"), ("openssl", "openssl"), ("chromium", "chromium"), ("git", "git"),
    ];

    /// <summary>Why the pages cannot run here, or null when every tool is installed.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>Skips the theory when a tool the pages run is missing.</summary>
    public ShellTheoryAttribute()
    {
        if (Missing is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? FindMissing()
    {
        if (SessionRunner.MissingTool is { } reason)
        {
            return reason;
        }
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Concat(["/usr/sbin", "/sbin"]).ToArray();
        var missing = s_tools.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool.Program)))).Select(tool => tool.Package).ToList();
        // samples/WebSocket/chat-clients.py runs on Debian's python3 with its websockets module.
        if (!PythonHasWebSockets())
        {
            missing.Add("python3-websockets");
        }
        return missing.Count == 0
            ? null
            : $"the docs' shell sessions run tools that are not installed: apt-get install {string.Join(' ', missing)} (as .ci/run does)";
    }

    private static bool PythonHasWebSockets()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", "import websockets"])
        {
            RedirectStandardError = true,
        })!;
        python.StandardError.ReadToEnd();
        python.WaitForExit();
        return python.ExitCode == 0;
    }
}

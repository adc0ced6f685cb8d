using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Samples.Tests.Docs;

/// <summary>
/// One terminal for one page: a bash that lives as long as the page, in which the page's shell sessions are typed in
/// order, so that <c>cd</c>, variables and background jobs carry on from one command to the next as they would for a reader.
/// </summary>
/// <remarks>
/// It starts in the repository's root. <c>/tmp/tut</c>, the page's working folder, is a fresh folder that holds
/// <c>roll</c>, a link to the repository (<c>/tmp/tut/roll</c> written out is the repository itself); each port of the
/// page is a free port, and the default port 3579 is given to the apps through <c>ROLL_PORT</c>. What the commands print is read back with the page's folder and ports.
/// </remarks>
public sealed partial class ShellTerminal : IAsyncDisposable
{
    /// <summary>The page's working folder as the pages write it.</summary>
    public const string PageFolder = "/tmp/tut";

    /// <summary>The port an app serves on when nothing says otherwise.</summary>
    public const int DefaultPort = 3579;

    private readonly Process _bash;
    private readonly Dictionary<string, string> _ports = new(StringComparer.Ordinal);
    private readonly StringBuilder _pending = new();
    private readonly SemaphoreSlim _lines = new(0);
    private readonly Queue<string> _queue = new();
    private readonly Lock _gate = new();
    private readonly List<Process> _servers = [];
    private int _serves;

    /// <summary>The name of the list of written files the terminal's builds keep, one per terminal.</summary>
    private string CleanFile => $"FileListAbsolute.{Folder.Name}.txt";

    /// <summary>The fresh folder that stands for <see cref="PageFolder"/>.</summary>
    public DirectoryInfo Folder { get; }

    private ShellTerminal(DirectoryInfo folder, int defaultPort)
    {
        Folder = folder;
        _ports[DefaultPort.ToString()] = defaultPort.ToString();
        // The .NET runtime ignores SIGPIPE, and a shell cannot undo an ignore it inherits: env restores the default, so
        // that `yes | head` ends quietly as in a reader's terminal instead of printing "Broken pipe".
        var start = new ProcessStartInfo("env", ["--default-signal=PIPE", "bash", "--noprofile", "--norc"])
        {
            WorkingDirectory = ConsoleSession.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ROLL_PORT"] = defaultPort.ToString();
        // A setting of the test host's (tests/*.runsettings), not of a reader's terminal: dotnet-counters hangs under it.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        start.Environment["TERM"] = "dumb";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // MSBuild keeps a list of the files a build wrote, by path, and deletes those a later build no longer writes;
        // a project built through the link after a build through the real path would delete its own outputs, named
        // otherwise in the list. The terminal's builds keep a list of their own (CleanFile names it).
        start.Environment["CleanFile"] = CleanFile;
        // NuGet sees a project of the repository referenced through the link under its real path too (it resolves a
        // relative reference against the working folder, which the system gives as the real path): restored in
        // parallel, the two would write the same project.assets.json at once.
        start.Environment["RestoreDisableParallel"] = "true";
        _bash = Process.Start(start)!;
        _bash.OutputDataReceived += (_, e) => Receive(e.Data);
        _bash.ErrorDataReceived += (_, e) => Receive(e.Data);
        _bash.BeginOutputReadLine();
        _bash.BeginErrorReadLine();
    }

    /// <summary>Opens a terminal in the repository's root, with a fresh page folder.</summary>
    public static async Task<ShellTerminal> OpenAsync()
    {
        var folder = Directory.CreateTempSubdirectory("roll-tut-");
        Directory.CreateSymbolicLink(Path.Combine(folder.FullName, "roll"), ConsoleSession.Root);
        var terminal = new ShellTerminal(folder, FreePort());
        // What a reader's terminal shows is stdout and stderr together, and curl draws no progress meter on a terminal.
        await terminal.RunAsync("exec 2>&1; curl() { command curl --no-progress-meter \"$@\"; }", TimeSpan.FromSeconds(10));
        return terminal;
    }

    /// <summary>The command as this terminal runs it: the page folder and the page's ports made the live ones.</summary>
    public string Rewrite(string command)
    {
        // The clone is the repository itself, not the link, so that it builds by the paths the other builds use.
        command = CloneRegex().Replace(command, ConsoleSession.Root);
        command = command.Replace(PageFolder, Folder.FullName, StringComparison.Ordinal);
        return PortRegex().Replace(command, m =>
        {
            var page = m.Groups["port"].Value;
            if (int.Parse(page) > 65535)
            {
                // Not a port: a wrong value the page shows refused.
                return m.Value;
            }
            if (!_ports.TryGetValue(page, out var live))
            {
                _ports[page] = live = FreePort().ToString();
            }
            return m.Value[..(m.Groups["port"].Index - m.Index)] + live;
        });
    }

    /// <summary>Output as the page shows it: the live folder and ports read back as the page's.</summary>
    public string ReadBack(string output)
    {
        output = output.Replace(Folder.FullName + "/roll", PageFolder + "/roll", StringComparison.Ordinal)
            .Replace(Folder.FullName, PageFolder, StringComparison.Ordinal)
            .Replace(ConsoleSession.Root, PageFolder + "/roll", StringComparison.Ordinal);
        foreach (var (page, live) in _ports)
        {
            output = Regex.Replace(output, $@"(?<!\d){live}(?!\d)", page);
        }
        return output;
    }

    /// <summary>Types a command and waits for it to end; returns what it printed, stdout and stderr together.</summary>
    public async Task<string> RunAsync(string command, TimeSpan timeout)
    {
        var end = $"__roll_session_end_{Guid.NewGuid():N}";
        // A group runs in this shell (cd and variables stay), with no stdin so that it cannot swallow the next line;
        // the next command's $? is this one's.
        await _bash.StandardInput.WriteAsync(
            $"{{\n{command}\n}} < /dev/null\n__roll_status=$?; printf '%s\\n' \"{end}\"; (exit $__roll_status)\n");
        await _bash.StandardInput.FlushAsync();
        var output = new StringBuilder();
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                await _lines.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"`{command}` did not end within {timeout.TotalSeconds} s; it printed:{Environment.NewLine}{output}");
            }
            string line;
            lock (_gate)
            {
                line = _queue.Dequeue();
            }
            if (line.EndsWith(end, StringComparison.Ordinal))
            {
                // Output without a final newline runs into the end mark, as it would run into the next prompt.
                output.Append(line[..^end.Length]);
                return output.ToString();
            }
            output.Append(line).Append('\n');
        }
    }

    /// <summary>
    /// Starts a command that serves until stopped, with the terminal's folder and exported variables, and waits until
    /// what it printed satisfies <paramref name="done"/> (or it ends, or the timeout passes); it runs until the page ends.
    /// </summary>
    public async Task<string> StartAsync(string command, Func<string, bool> done, TimeSpan timeout)
    {
        var state = Path.Combine(Folder.FullName, $".serves-{++_serves}.sh");
        await RunAsync($"{{ declare -px; printf 'cd %q\\n' \"$PWD\"; }} > '{state}'", TimeSpan.FromSeconds(10));
        // A process of its own, not a job of the terminal, so that its lines can be awaited as they come.
        var start = new ProcessStartInfo("env", ["--default-signal=PIPE", "bash", "--noprofile", "--norc", "-c", $"source '{state}' 2>/dev/null\nexec 2>&1 < /dev/null\n{command}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var server = Process.Start(start)!;
        _servers.Add(server);
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Print(string? line)
        {
            lock (output)
            {
                if (line is null)
                {
                    ready.TrySetResult();
                    return;
                }
                output.Append(line).Append('\n');
                if (done(ReadBack(output.ToString())))
                {
                    ready.TrySetResult();
                }
            }
        }
        server.OutputDataReceived += (_, e) => Print(e.Data);
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Print(e.Data);
            }
        };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        if (!done(string.Empty))
        {
            try
            {
                await ready.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                // What it printed so far says what went wrong.
            }
        }
        lock (output)
        {
            return ReadBack(output.ToString());
        }
    }

    /// <summary>Ends the terminal and everything it started.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
            await server.WaitForExitAsync();
            server.Dispose();
        }
        try
        {
            _bash.Kill(entireProcessTree: true);
            await _bash.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // It had ended.
        }
        _bash.Dispose();
        var everywhere = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
        };
        foreach (var list in Directory.EnumerateFiles(ConsoleSession.Root, CleanFile, everywhere))
        {
            File.Delete(list);
        }
        Folder.Delete(recursive: true);
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _queue.Enqueue(line);
        }
        _lines.Release();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    // The page's clone, /tmp/tut/roll, as a whole path or the start of one.
    [GeneratedRegex(PageFolder + @"/roll(?![\w.-])")]
    private static partial Regex CloneRegex();

    // A port in an address (127.0.0.1:3600, localhost:3600, [::1]:3600) or given by an option (--port 3600, --port=3600).
    [GeneratedRegex(@"(?:(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0):|--port[ =]|PORT=)(?<port>\d{4,5})\b")]
    private static partial Regex PortRegex();
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Roll.Deploy.Tests;

/// <summary>A process a test starts: its output collected line by line, awaited for a line, stopped with a signal.</summary>
internal sealed partial class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiting = [];

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a program with arguments, in a folder, with extra environment variables.</summary>
    public static ChildProcess Start(string file, IEnumerable<string> arguments, string? folder = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = folder ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // A dotnet command run from a test must not inherit the test host's MSBuild settings.
        foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var child = new ChildProcess(new Process { StartInfo = info });
        child._process.OutputDataReceived += (_, line) => child.Add(line.Data);
        child._process.ErrorDataReceived += (_, line) => child.Add(line.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line matching a pattern (seen before or to come); fails with the output so far after the timeout or at exit.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        var regex = new Regex(pattern);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (regex.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }
            _waiting.Add((regex, found));
        }
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));
        if (first != found.Task)
        {
            // Exit can race with the last lines: look once more.
            await Task.Delay(100);
            if (found.Task.IsCompleted)
            {
                return await found.Task;
            }
            throw new TimeoutException($"No line like /{pattern}/ {(first == exited ? "before the process exited" : $"within {timeout}")}. Output:\n{Output}");
        }
        return await found.Task;
    }

    /// <summary>Sends a POSIX signal (SIGTERM by default) to the process.</summary>
    public void Signal(int signal = 15)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; fails with its output after the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {timeout}. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
            for (var i = _waiting.Count - 1; i >= 0; i--)
            {
                if (_waiting[i].Pattern.Match(line) is { Success: true } match)
                {
                    _waiting[i].Found.TrySetResult(match);
                    _waiting.RemoveAt(i);
                }
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}

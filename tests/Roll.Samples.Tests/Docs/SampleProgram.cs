using System.Text;
using System.Text.RegularExpressions;
using Roll;

namespace Samples.Tests.Docs;

/// <summary>
/// Runs what <c>dotnet run --project samples/NAME -- ARGS</c> runs, in-process: the sample's app served by
/// <c>ServeAsync(ARGS)</c>, as its two-line Program.cs does, with the port replaced by 0; reads what it prints on
/// the console until the page's count of lines, then stops it.
/// </summary>
/// <remarks>
/// In-process because a process per session would cost a runtime's start each (seconds in all); the console is
/// captured, so the class that uses it runs alone (<see cref="ConsoleCaptureCollection"/>).
/// </remarks>
public static partial class SampleProgram
{
    private const string DefaultPort = "3579";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"Rolling on \S+:(\d+)")]
    private static partial Regex RollingOnRegex();

    /// <summary>Serves the sample with the page's arguments; returns the console's output and the (live, page) ports to normalise.</summary>
    public static async Task<(string Output, (string Live, string Page)? Ports)> RunAsync(string sample, Func<RollApp> create, string args,
        int expectedLines, string folder)
    {
        var program = File.ReadAllText(Path.Combine(ConsoleSession.Root, sample, "Program.cs"));
        Assert.True(program.Contains(".ServeAsync(args);", StringComparison.Ordinal),
            $"{sample}/Program.cs no longer serves its app with ServeAsync(args): the docs' 'dotnet run' sessions of it cannot be run in-process");
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = words.IndexOf("--port");
        var hasPort = at >= 0 && at + 1 < words.Count;
        var pagePort = hasPort ? words[at + 1] : DefaultPort;
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
        var liveSocket = pageSocket is null ? null : Path.Combine(folder, Path.GetFileName(pageSocket));
        if (liveSocket is not null)
        {
            words[socketAt + 1] = liveSocket;
        }

        var console = new LinesWriter(expectedLines);
        var original = Console.Out;
        Console.SetOut(console);
        try
        {
            using var stop = new CancellationTokenSource();
            var serving = create().ServeAsync([.. words], stop.Token);
            await Task.WhenAny(console.Enough, serving, Task.Delay(s_timeout));
            stop.Cancel();
            await serving;
        }
        finally
        {
            Console.SetOut(original);
        }

        var output = console.ToString();
        if (liveSocket is not null)
        {
            output = output.Replace(liveSocket, pageSocket, StringComparison.Ordinal);
        }
        var live = RollingOnRegex().Match(output);
        return (output, live.Success ? (live.Groups[1].Value, pagePort) : null);
    }

    /// <summary>The console while a sample runs: keeps what is written, and says when enough lines came.</summary>
    private sealed class LinesWriter(int wanted) : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _lines;

        public override Encoding Encoding => Encoding.UTF8;

        /// <summary>Completes once the page's count of lines was written.</summary>
        public Task Enough => wanted == 0 ? Task.CompletedTask : _enough.Task;

        // Every other Write of TextWriter ends here.
        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
                if (value == '\n' && ++_lines >= wanted)
                {
                    _enough.TrySetResult();
                }
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}

/// <summary>Tests that capture the console run alone, after the others: nothing else writes to it meanwhile.</summary>
[CollectionDefinition(nameof(ConsoleCaptureCollection), DisableParallelization = true)]
public sealed class ConsoleCaptureCollection;

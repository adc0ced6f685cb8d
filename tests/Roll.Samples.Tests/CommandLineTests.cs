using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Samples.Tests;

/// <summary>A sample's command line as a user types it: the real process, its exit code and what it prints.</summary>
public partial class CommandLineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HelpPrintsTheUsageAndExitsWithZero()
    {
        var (code, output, error) = await RunJsonAsync("--help");

        Assert.Equal(0, code);
        Assert.StartsWith("Usage: Json [options]", output);
        Assert.Contains("--port N", output);
        Assert.Contains("(ROLL_PORT)", output);
        Assert.Contains("-h, --help", output);
        Assert.Empty(error);
    }

    // One process per wrong command line, all at once: a line each in this table, one test.
    private static readonly (string[] Args, string Message)[] s_wrong =
    [
        (["--port", "abc"], "Invalid value 'abc' for --port: expected a port number from 0 to 65535."),
        (["--port", "70000"], "Invalid value '70000' for --port: expected a port number from 0 to 65535."),
        (["--port", "-1"], "Invalid value '-1' for --port: expected a port number from 0 to 65535."),
        (["--port=abc"], "Invalid value 'abc' for --port: expected a port number from 0 to 65535."),
        (["--port"], "Option --port needs a value: a port number from 0 to 65535."),
        (["--port", "--quiet"], "Option --port needs a value: a port number from 0 to 65535."),
        (["--host", "nowhere.invalid"], "Invalid value 'nowhere.invalid' for --host: expected an IP address or a host name that resolves."),
        (["--host", "localhost:3600"], "Invalid value 'localhost:3600' for --host: expected an IP address or a host name that resolves."),
        (["--foo"], "Unknown option '--foo' (--help lists the options)."),
        (["3600"], "Unexpected argument '3600': every option starts with -- (--help lists them)."),
        (["--quiet=yes"], "Option --quiet takes no value: print nothing when listening."),
    ];

    [Fact]
    public async Task AWrongArgumentIsOneLineThenTheUsageAndExitCode2()
    {
        var runs = await Task.WhenAll(s_wrong.Select(wrong => RunJsonAsync(wrong.Args)));

        for (var i = 0; i < runs.Length; i++)
        {
            var (code, output, error) = runs[i];
            var lines = error.Split('\n');
            var seen = $"{string.Join(' ', s_wrong[i].Args)}: exit {code}, stdout '{output}', stderr starting {string.Join(" | ", lines.Take(3))}";
            Assert.Equal($"{string.Join(' ', s_wrong[i].Args)}: exit 2, stdout '', stderr starting {s_wrong[i].Message} |  | Usage: Json [options]", seen);
            Assert.DoesNotContain("Exception", error);
            Assert.DoesNotMatch(StackFrame(), error);
        }
    }

    [Fact]
    public async Task OnKestrelAWrongArgumentIsOneLineThenTheUsageWithTheCertificateAndExitCode2()
    {
        var (code, output, error) = await RunSampleAsync("Kestrel", "--port", "abc");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("Invalid value 'abc' for --port: expected a port number from 0 to 65535.\n\nUsage: Kestrel [options]\n", error);
        Assert.Contains("--certificate PFX", error);
        Assert.DoesNotContain("Exception", error);
    }

    [Fact]
    public async Task AHostNameIsResolvedAndThePortMayFollowAnEqualsSign()
    {
        using var json = Start("--host", "localhost", "--port=0");
        try
        {
            var line = await json.StandardOutput.ReadLineAsync().WaitAsync(Patience);

            Assert.Matches(RollingOn(), line);
        }
        finally
        {
            json.Kill();
            await json.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task APortInUseIsOneLineAndExitCode1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, output, error) = await RunJsonAsync("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith($"Cannot listen on 127.0.0.1:{port}: ", error);
        Assert.Equal(error.TrimEnd('\n'), error.TrimEnd('\n').Split('\n')[0]);
    }

    // A sample's own build output ({0} for its name), with its dependencies beside it: referenced, it is built before these tests.
    private static readonly Lazy<string> s_samplePath = new(() =>
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Roll.slnx")))
            {
                return Path.Combine(folder.FullName, "samples", "{0}", "bin", configuration, "net10.0", "{0}.dll");
            }
        }
        throw new InvalidOperationException($"No Roll.slnx above {AppContext.BaseDirectory}");
    });

    [GeneratedRegex(@"^\s+at ", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"^Rolling on http://127\.0\.0\.1:\d+$")]
    private static partial Regex RollingOn();

    private static Process Start(params string[] args) => StartSample("Json", args);

    private static Process StartSample(string sample, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(s_samplePath.Value.Replace("{0}", sample, StringComparison.Ordinal));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    private static Task<(int Code, string Output, string Error)> RunJsonAsync(params string[] args) => RunSampleAsync("Json", args);

    private static async Task<(int Code, string Output, string Error)> RunSampleAsync(string sample, params string[] args)
    {
        using var json = StartSample(sample, args);
        var output = json.StandardOutput.ReadToEndAsync();
        var error = json.StandardError.ReadToEndAsync();
        await json.WaitForExitAsync().WaitAsync(Patience);
        return (json.ExitCode, await output, await error);
    }
}

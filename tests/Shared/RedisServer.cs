using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roll.Tests.Shared;

/// <summary>A redis-server of its own for one test: a free loopback port, no persistence, a temporary folder; killed at the end.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private Process? _process;
    private readonly StringBuilder _output = new();

    private RedisServer(DirectoryInfo folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>The redis-server program: <c>ROLL_TEST_REDIS_SERVER</c> when set, else Debian's; null when it is not there.</summary>
    public static string? Program { get; } = (Environment.GetEnvironmentVariable("ROLL_TEST_REDIS_SERVER") is { Length: > 0 } path
        ? new[] { path }
        : new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }).FirstOrDefault(File.Exists);

    /// <summary>Why tests that need Redis are skipped here, or null when they can run.</summary>
    public static string? SkipReason => Program is null ? "redis-server is not installed: apt-get install redis-server (.ci/run does)" : null;

    /// <summary>The loopback port Redis listens on.</summary>
    public int Port { get; }

    /// <summary>Where StackExchange.Redis finds it: <c>127.0.0.1:PORT</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts Redis on a free port, trying another one when the port was taken meanwhile.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var server = new RedisServer(Directory.CreateTempSubdirectory("roll-redis-"), FreePort());
            try
            {
                await server.RestartAsync();
                return server;
            }
            catch (IOException) when (attempt < 5)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>A port that nothing listens on now, for a Redis that is not there yet.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Makes a Redis for a given port without starting it: <see cref="RestartAsync"/> starts it.</summary>
    public static RedisServer NotStarted(int port) => new(Directory.CreateTempSubdirectory("roll-redis-"), port);

    /// <summary>Starts (again) Redis on its port and waits until it accepts connections; an IOException when it cannot listen.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Redis runs already.");
        }
        _process?.Dispose();
        var info = new ProcessStartInfo(Program ?? throw new InvalidOperationException(SkipReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.FullName,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", _folder.FullName, "--daemonize", "no", "--protected-mode", "no" })
        {
            info.ArgumentList.Add(argument);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler onLine = (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line.Data);
            }
            if (line.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != ready.Task)
        {
            string output;
            lock (_output)
            {
                output = _output.ToString();
            }
            throw new IOException($"redis-server did not start on port {Port}:\n{output}");
        }
    }

    /// <summary>Waits until a channel has a number of subscribers (PUBSUB NUMSUB), the processes of an app that have subscribed.</summary>
    public async Task WaitForSubscribersAsync(string channel, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using (var client = new TcpClient())
            {
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"PUBSUB NUMSUB {channel}\r\n"));
                var buffer = new byte[256];
                var length = 0;
                // The answer is an array of the channel and its count: *2 $N channel :COUNT
                while (!Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n:", StringComparison.Ordinal)
                    || !Encoding.ASCII.GetString(buffer, 0, length).EndsWith("\r\n", StringComparison.Ordinal))
                {
                    length += await stream.ReadAsync(buffer.AsMemory(length));
                }
                var answer = Encoding.ASCII.GetString(buffer, 0, length);
                if (int.Parse(answer[(answer.LastIndexOf(':') + 1)..].Trim()) >= count)
                {
                    return;
                }
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{channel} did not have {count} subscribers within 30 s.");
            }
            // Subscribing happens inside the apps, out of sight: ask again shortly.
            await Task.Delay(50);
        }
    }

    /// <summary>Kills Redis at once (SIGKILL), as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Kills Redis and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

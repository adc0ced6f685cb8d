using System.Globalization;
using System.Net;

namespace Roll;

/// <summary>Where and how <c>ServeAsync</c> serves an app, read from the command line and the environment.</summary>
/// <remarks>
/// Each option has a command-line form and an environment variable; the command line wins over the environment,
/// which wins over the defaults. The environment suits systemd units and containers, the command line a terminal.
/// </remarks>
public sealed class ServeOptions
{
    private const string Usage = "use --host H, --port N, --unix-socket PATH, --unix-socket-mode OCTAL, --shutdown-timeout SECONDS, --trusted-proxies LIST, --max-connections N, --reuse-port or --quiet";

    private static readonly string[] Names = ["host", "port", "unix-socket", "unix-socket-mode", "shutdown-timeout", "trusted-proxies", "max-connections", "reuse-port", "quiet"];

    /// <summary>The address to listen on (<c>--host</c>, <c>ROLL_HOST</c>); 127.0.0.1 by default.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port to listen on, 0 for any free port (<c>--port</c>, <c>ROLL_PORT</c>); 3579 by default.</summary>
    public int Port { get; set; } = 3579;

    /// <summary>A unix domain socket path to listen on instead of TCP (<c>--unix-socket</c>, <c>ROLL_UNIX_SOCKET</c>).</summary>
    public string? UnixSocket { get; set; }

    /// <summary>The permissions of the unix socket file, given in octal (<c>--unix-socket-mode 660</c>, <c>ROLL_UNIX_SOCKET_MODE</c>); the umask's when null.</summary>
    public UnixFileMode? UnixSocketMode { get; set; }

    /// <summary>How long a stop waits for requests in flight (<c>--shutdown-timeout</c> in seconds, <c>ROLL_SHUTDOWN_TIMEOUT</c>); the app's <see cref="Server.ServerLimits.ShutdownTimeout"/> when null.</summary>
    public TimeSpan? ShutdownTimeout { get; set; }

    /// <summary>The proxies trusted with X-Forwarded-For and X-Forwarded-Proto, comma-separated addresses, networks or <c>unix</c> (<c>--trusted-proxies</c>, <c>ROLL_TRUSTED_PROXIES</c>); added to the app's <see cref="RollApp.TrustedProxies"/>.</summary>
    public TrustedProxies TrustedProxies { get; } = new();

    /// <summary>The most connections served at once; beyond, new clients wait in the listen backlog (<c>--max-connections</c>, <c>ROLL_MAX_CONNECTIONS</c>); the app's <see cref="Server.ServerLimits.MaxConnections"/> when null.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>Whether other processes may listen on the same port and share its connections (<c>--reuse-port</c>, <c>ROLL_REUSE_PORT=1</c>); without it, a port in use fails the start.</summary>
    public bool ReusePort { get; set; }

    /// <summary>Whether to keep from printing the address (<c>--quiet</c>, <c>ROLL_QUIET=1</c>).</summary>
    public bool Quiet { get; set; }

    /// <summary>Reads the options from the process's command-line arguments and environment variables.</summary>
    public static ServeOptions Parse(string[] args) => Parse(args, Environment.GetEnvironmentVariable);

    /// <summary>Reads the options from command-line arguments and a source of environment variables.</summary>
    public static ServeOptions Parse(string[] args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new ServeOptions();
        foreach (var (name, value, variable) in FromEnvironment(environment))
        {
            options.Set(name, value, variable);
        }
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--quiet")
            {
                options.Quiet = true;
            }
            else if (name == "--reuse-port")
            {
                options.ReusePort = true;
            }
            else if (name.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options.Set(name[2..], args[++i], name);
            }
            else
            {
                throw new ArgumentException($"Unknown option '{name}'; {Usage}.");
            }
        }
        return options;
    }

    private static IEnumerable<(string Name, string Value, string Variable)> FromEnvironment(Func<string, string?> environment)
    {
        foreach (var name in Names)
        {
            var variable = "ROLL_" + name.Replace('-', '_').ToUpperInvariant();
            if (environment(variable) is { Length: > 0 } value)
            {
                yield return (name, value, variable);
            }
        }
    }

    private void Set(string name, string value, string source)
    {
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"Unknown option '{source}'; {Usage}.");
        }
        try
        {
            switch (name)
            {
                case "host":
                    Host = value;
                    break;
                case "port":
                    var port = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    Port = port <= IPEndPoint.MaxPort ? port : throw new FormatException();
                    break;
                case "unix-socket":
                    UnixSocket = value;
                    break;
                case "unix-socket-mode":
                    var mode = Convert.ToInt32(value, 8);
                    UnixSocketMode = mode is >= 0 and <= 0b111_111_111 ? (UnixFileMode)mode : throw new FormatException();
                    break;
                case "shutdown-timeout":
                    ShutdownTimeout = TimeSpan.FromSeconds(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
                    break;
                case "trusted-proxies":
                    foreach (var proxy in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        TrustedProxies.Add(proxy);
                    }
                    break;
                case "max-connections":
                    var max = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    MaxConnections = max > 0 ? max : throw new FormatException();
                    break;
                case "reuse-port":
                    ReusePort = IsYes(value);
                    break;
                case "quiet":
                    Quiet = IsYes(value);
                    break;
            }
        }
        catch (Exception error) when (error is FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"Invalid value '{value}' for {source}.", error);
        }
    }

    private static bool IsYes(string value) => value is "1" or "true" or "yes";
}

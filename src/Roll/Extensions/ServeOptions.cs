using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Roll;

/// <summary>Where and how <c>ServeAsync</c> serves an app, read from the command line and the environment.</summary>
/// <remarks>
/// Each option has a command-line form (<c>--port 3600</c> or <c>--port=3600</c>) and an environment variable
/// (<c>ROLL_PORT</c>); the command line wins over the environment, which wins over the defaults. The environment suits
/// systemd units and containers, the command line a terminal. An app adds options of its own with <see cref="CommandLineOption"/>.
/// </remarks>
public sealed partial class ServeOptions
{
    /// <summary>The address to listen on, an IP address or a host name (<c>--host</c>, <c>ROLL_HOST</c>); 127.0.0.1 by default.</summary>
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

    /// <summary>Whether the command line asked for help (<c>--help</c>, <c>-h</c>): <c>ServeAsync(args)</c> then prints the usage and serves nothing.</summary>
    public bool Help { get; set; }

    /// <summary>Reads the options from the process's command-line arguments and environment variables.</summary>
    public static ServeOptions Parse(string[] args) => Parse(args, Environment.GetEnvironmentVariable);

    /// <summary>Reads the options from command-line arguments and a source of environment variables.</summary>
    /// <exception cref="ArgumentException">An unknown option or a value that does not parse; the one-line message names it and what it accepts.</exception>
    public static ServeOptions Parse(string[] args, Func<string, string?> environment) => Parse(args, environment, []);

    /// <summary>Reads Roll's options and the app's own from command-line arguments and a source of environment variables.</summary>
    /// <exception cref="ArgumentException">An unknown option or a value that does not parse; the one-line message names it and what it accepts.</exception>
    public static ServeOptions Parse(string[] args, Func<string, string?> environment, IEnumerable<CommandLineOption> appOptions)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(appOptions);
        var options = new ServeOptions();
        var known = options.Known(appOptions);
        foreach (var option in known)
        {
            if (environment(option.Variable) is { Length: > 0 } value)
            {
                Set(option, option.Value is null ? IsYes(value) ? "1" : "0" : value, option.Variable);
            }
        }
        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            if (argument is "--help" or "-h" or "-?")
            {
                options.Help = true;
                return options;
            }
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
            {
                throw new ArgumentException($"Unexpected argument '{argument}': every option starts with -- (--help lists them).");
            }
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            var option = known.FirstOrDefault(o => "--" + o.Name == name)
                ?? throw new ArgumentException($"Unknown option '{name}' (--help lists the options).");
            if (option.Value is null)
            {
                if (equals >= 0)
                {
                    throw new ArgumentException($"Option {name} takes no value: {option.Help}.");
                }
                Set(option, "1", name);
            }
            else if (equals >= 0)
            {
                Set(option, argument[(equals + 1)..], name);
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                Set(option, args[++i], name);
            }
            else
            {
                throw new ArgumentException($"Option {name} needs a value: {option.Accepts}.");
            }
        }
        return options;
    }

    private static void Set(CommandLineOption option, string value, string source)
    {
        try
        {
            option.Set(value);
        }
        catch (Exception error) when (error is FormatException or OverflowException or ArgumentException or SocketException)
        {
            throw new ArgumentException($"Invalid value '{value}' for {source}: expected {option.Accepts}.", error);
        }
    }

    // Roll's own options, then the app's: one table serves parsing, the environment and the usage.
    private List<CommandLineOption> Known(IEnumerable<CommandLineOption> appOptions)
    {
        List<CommandLineOption> known =
        [
            new("host", "HOST", "an IP address or a host name that resolves", value => Host = CheckHost(value))
            {
                Help = "the address to listen on, an IP address (0.0.0.0, :: for every interface) or a host name; 127.0.0.1 by default",
            },
            new("port", "N", "a port number from 0 to 65535", value => Port = ParsePort(value))
            {
                Help = "the TCP port to listen on, 0 for any free one; 3579 by default",
            },
            new("unix-socket", "PATH", "a file path", value => UnixSocket = value)
            {
                Help = "a unix domain socket to listen on instead of TCP",
            },
            new("unix-socket-mode", "OCTAL", "permissions in octal, from 0 to 777", value => UnixSocketMode = ParseMode(value))
            {
                Help = "the socket file's permissions, 660 say",
            },
            new("shutdown-timeout", "SECONDS", "a number of seconds",
                value => ShutdownTimeout = TimeSpan.FromSeconds(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)))
            {
                Help = "how long a stop waits for requests in flight",
            },
            new("trusted-proxies", "LIST", "comma-separated IP addresses, networks (10.0.0.0/8) or unix", AddTrustedProxies)
            {
                Help = "the proxies trusted with X-Forwarded-For and X-Forwarded-Proto",
            },
            new("max-connections", "N", "a number from 1", value => MaxConnections = ParsePositive(value))
            {
                Help = "the most connections served at once; the others wait",
            },
            new("reuse-port", null, "no value", value => ReusePort = value == "1")
            {
                Help = "share the port with other processes started with --reuse-port",
            },
            new("quiet", null, "no value", value => Quiet = value == "1")
            {
                Help = "print nothing when listening",
            },
        ];
        foreach (var option in appOptions)
        {
            if (known.Any(o => o.Name == option.Name) || option.Name == "help")
            {
                throw new ArgumentException($"The app's option --{option.Name} is one of ServeAsync's own.", nameof(appOptions));
            }
            known.Add(option);
        }
        return known;
    }

    private static string CheckHost(string value)
    {
        if (value == "localhost" || IPAddress.TryParse(value, out _) && value.Count(c => c == ':') != 1 && !value.Contains("]:", StringComparison.Ordinal))
        {
            return value;
        }
        if (value.Length == 0 || value.Contains(':', StringComparison.Ordinal))
        {
            // "localhost:3600": the port has an option of its own.
            throw new FormatException();
        }
        ResolveHost(value);
        return value;
    }

    /// <summary>The address a host option names: localhost is 127.0.0.1, a name its first address (IPv4 first).</summary>
    internal static IPAddress ResolveHost(string host)
    {
        if (host == "localhost")
        {
            return IPAddress.Loopback;
        }
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    private static int ParsePort(string value)
    {
        var port = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return port <= IPEndPoint.MaxPort ? port : throw new FormatException();
    }

    private static UnixFileMode ParseMode(string value)
    {
        var mode = Convert.ToInt32(value, 8);
        return mode is >= 0 and <= 0b111_111_111 ? (UnixFileMode)mode : throw new FormatException();
    }

    private static int ParsePositive(string value)
    {
        var number = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return number > 0 ? number : throw new FormatException();
    }

    private void AddTrustedProxies(string value)
    {
        foreach (var proxy in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            TrustedProxies.Add(proxy);
        }
    }

    private static bool IsYes(string value) => value is "1" or "true" or "yes";
}

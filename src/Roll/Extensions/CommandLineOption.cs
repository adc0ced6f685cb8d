using System.Text;

namespace Roll;

/// <summary>An option of <c>ServeAsync(args)</c>'s command line: one of Roll's, or one an app adds, such as <c>--redis HOST:PORT</c>.</summary>
/// <param name="name">The option's name without its dashes (<c>redis</c>); its environment variable is <c>ROLL_</c> and the name in capitals (<c>ROLL_REDIS</c>).</param>
/// <param name="value">The value's placeholder in the usage (<c>HOST:PORT</c>); null for a flag, which takes no value.</param>
/// <param name="accepts">What a value may be, for the error that refuses one (<c>a host and a port, such as 127.0.0.1:6379</c>).</param>
/// <param name="set">Takes the value (<c>"1"</c> for a flag) before the app listens; a <see cref="FormatException"/> or <see cref="ArgumentException"/> refuses it.</param>
public sealed class CommandLineOption(string name, string? value, string accepts, Action<string> set)
{
    /// <summary>The option's name without its dashes.</summary>
    public string Name { get; } = name;

    /// <summary>The value's placeholder in the usage; null for a flag.</summary>
    public string? Value { get; } = value;

    /// <summary>What a value may be, as the error that refuses one says it.</summary>
    public string Accepts { get; } = accepts;

    /// <summary>The option's line in the usage; <see cref="Accepts"/> when not given.</summary>
    public string Help { get; init; } = accepts;

    /// <summary>The environment variable that gives the option when the command line does not.</summary>
    public string Variable => "ROLL_" + Name.Replace('-', '_').ToUpperInvariant();

    /// <summary>Takes a value.</summary>
    public Action<string> Set { get; } = set;
}

public sealed partial class ServeOptions
{
    /// <summary>The usage <c>--help</c> prints: the program's name, then one line per option, Roll's and the app's.</summary>
    public static string Usage(IEnumerable<CommandLineOption> appOptions)
    {
        ArgumentNullException.ThrowIfNull(appOptions);
        var lines = new List<(string Form, string Help)>();
        foreach (var option in new ServeOptions().Known(appOptions))
        {
            lines.Add(($"--{option.Name}{(option.Value is null ? "" : " " + option.Value)}", $"{option.Help} ({option.Variable})"));
        }
        lines.Add(("-h, --help", "print this help"));
        var width = lines.Max(line => line.Form.Length) + 2;
        var usage = new StringBuilder()
            .AppendLine($"Usage: {AppDomain.CurrentDomain.FriendlyName} [options]")
            .AppendLine()
            .AppendLine("Options:");
        foreach (var (form, help) in lines)
        {
            usage.Append("  ").Append(form.PadRight(width)).AppendLine(help);
        }
        return usage.ToString();
    }
}

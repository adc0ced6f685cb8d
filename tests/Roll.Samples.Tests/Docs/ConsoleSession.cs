using System.Text.RegularExpressions;

namespace Samples.Tests.Docs;

/// <summary>One command of a console session and the lines the page shows under it.</summary>
public sealed record SessionCommand(string Line, string[] Expected);

/// <summary>
/// A console session in a page: a fenced block with at least one <c>$ </c> line, and the
/// <c>&lt;!-- session: ... --&gt;</c> marker before it (null when it has none).
/// </summary>
/// <remarks>The convention is written for contributors in docs/index.md, "Console sessions in the docs".</remarks>
public sealed partial record ConsoleSession(string Where, string? Marker, SessionCommand[] Commands)
{
    /// <summary>The prefix of a marker whose session is not run, followed by the reason the reader sees.</summary>
    public const string UncheckedPrefix = "unchecked:";

    /// <summary>The marker of a session run for real by bash, page by page (<see cref="ShellSessionsTests"/>), then its options after <c>;</c>.</summary>
    public const string ShellMarker = "shell";

    /// <summary>
    /// The marker of a session whose command runs the tests themselves (<c>dotnet test</c>), so that it cannot run in
    /// them: CI runs it and compares what it printed with the page's lines (.ci/sessions.py, called by .ci/run).
    /// </summary>
    public const string CiMarker = "ci";

    /// <summary>The sample a checked session runs against (<c>samples/Basic</c>), or null.</summary>
    public string? Sample => Marker is { } marker && marker.StartsWith("samples/", StringComparison.Ordinal) ? marker : null;

    /// <summary>Whether the session is run for real by bash, with the page's other shell sessions, in the System tests.</summary>
    public bool IsShell => Marker is { } marker && (marker == ShellMarker || marker.StartsWith(ShellMarker + ";", StringComparison.Ordinal));

    /// <summary>Whether the session is checked by CI against its own run of the command (<see cref="CiMarker"/>).</summary>
    public bool IsCi => Marker == CiMarker;

    /// <summary>Whether the session is not run, for the reason after <see cref="UncheckedPrefix"/>.</summary>
    public bool IsUnchecked => Marker is { } marker && marker.StartsWith(UncheckedPrefix, StringComparison.Ordinal);

    /// <summary>The options of a shell session, the marker's parts after <c>shell;</c> (<c>serves</c>, <c>figures</c>, <c>timeout 300</c>, <c>env NAME=VALUE</c>).</summary>
    public string[] Options => IsShell
        ? Marker![ShellMarker.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : [];

    /// <summary>The page the session is in, relative to the repository's root.</summary>
    public string Page => Where[..Where.LastIndexOf(':')];

    [GeneratedRegex(@"^\s*<!-- session: (.*?)\s*-->\s*$")]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^(\s*)(`{3,})(.*)$")]
    private static partial Regex OpenerRegex();

    /// <summary>Every session of README.md and docs/**/*.md, in page order.</summary>
    public static List<ConsoleSession> All()
    {
        var sessions = new List<ConsoleSession>();
        foreach (var file in MarkdownFiles())
        {
            sessions.AddRange(In(file));
        }
        return sessions;
    }

    /// <summary>The session whose fence (or marker) starts at <paramref name="where"/>, <c>path:line</c>.</summary>
    public static ConsoleSession At(string where) =>
        All().SingleOrDefault(s => s.Where == where) ?? throw new InvalidOperationException($"No console session at {where} any more.");

    /// <summary>Markers with no session right after them: a marker must stand on the line before a fence with <c>$ </c> lines.</summary>
    public static List<string> StrayMarkers()
    {
        var stray = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            var lines = ReadLines(file);
            var sessionLines = In(file).Select(s => s.Where).ToHashSet();
            for (var i = 0; i < lines.Length; i++)
            {
                if (OpenerRegex().Match(lines[i]) is { Success: true } opener)
                {
                    // Markers shown inside a fence are examples.
                    i = CloserIndex(lines, i + 1, opener.Groups[2].Value);
                    continue;
                }
                var where = $"{Relative(file)}:{i + 1}";
                if (MarkerRegex().IsMatch(lines[i]) && !sessionLines.Contains(where))
                {
                    stray.Add($"{where}: a session marker must be on the line right before a fence with '$ ' lines");
                }
            }
        }
        return stray;
    }

    private static IEnumerable<ConsoleSession> In(string file)
    {
        var lines = ReadLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var opener = OpenerRegex().Match(lines[i]);
            if (!opener.Success)
            {
                continue;
            }
            var indent = opener.Groups[1].Value;
            var close = CloserIndex(lines, i + 1, opener.Groups[2].Value);
            var body = lines[(i + 1)..close].Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart()).ToArray();
            var fence = i;
            i = close;
            // A Markdown block shows a page, whose sessions are examples.
            if (!body.Any(IsCommand) || opener.Groups[3].Value.Trim() is "markdown" or "md")
            {
                continue;
            }
            var marker = fence > 0 ? MarkerRegex().Match(lines[fence - 1]) : Match.Empty;
            // A marked session is found by its marker's line, an unmarked one by its fence's.
            var at = marker.Success ? fence : fence + 1;
            yield return new ConsoleSession($"{Relative(file)}:{at}", marker.Success ? marker.Groups[1].Value : null, ParseCommands(body));
        }
    }

    private static bool IsCommand(string line) => line.StartsWith("$ ", StringComparison.Ordinal);

    private static SessionCommand[] ParseCommands(string[] body)
    {
        var commands = new List<SessionCommand>();
        var i = 0;
        while (i < body.Length && !IsCommand(body[i]))
        {
            i++;
        }
        while (i < body.Length)
        {
            var next = i + 1;
            while (next < body.Length && !IsCommand(body[next]))
            {
                next++;
            }
            // A line that ends with a backslash goes on in the next one, as bash reads it.
            var line = body[i][2..];
            var output = i + 1;
            while (line.EndsWith('\\') && output < next)
            {
                line += "\n" + body[output++];
            }
            commands.Add(new SessionCommand(line, body[output..next]));
            i = next;
        }
        return [.. commands];
    }

    private static int CloserIndex(string[] lines, int from, string ticks)
    {
        for (var i = from; i < lines.Length; i++)
        {
            var stripped = lines[i].Trim();
            if (stripped.StartsWith(ticks, StringComparison.Ordinal) && stripped.All(c => c == '`'))
            {
                return i;
            }
        }
        return lines.Length;
    }

    private static string[] ReadLines(string path) => File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');

    /// <summary>README.md and every page under docs/, sorted.</summary>
    public static List<string> MarkdownFiles()
    {
        var docs = Path.Combine(Root, "docs");
        var files = Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).ToList();
        files.Add(Path.Combine(Root, "README.md"));
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>A path relative to the repository root, with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>The repository's root, the folder that holds Roll.slnx.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Roll.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Roll.slnx above {AppContext.BaseDirectory}: the docs tests run from the repository.");
    }
}

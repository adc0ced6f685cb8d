using System.Text.RegularExpressions;

namespace Roll.Tests.Docs;

/// <summary>
/// Every C# block in README.md and docs/ is a region of a sample or a test, named by the
/// <c>&lt;!-- snippet: path#NAME --&gt;</c> line before it; these tests fail when one has drifted from its source.
/// </summary>
/// <remarks>The same rules as docs/snippets.py, which rewrites the stale blocks; kept here so that CI needs no Python.</remarks>
public partial class DocsSnippetsTests
{
    private const string Fence = "```csharp";
    private static readonly string[] s_csharpInfos = ["csharp", "cs", "c#"];

    [GeneratedRegex(@"^\s*// snippet: (\S+)\s*$")]
    private static partial Regex StartRegex();

    [GeneratedRegex(@"^\s*// end-snippet\s*$")]
    private static partial Regex EndRegex();

    [GeneratedRegex(@"^(\s*)<!-- snippet: (\S+) -->\s*$")]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^(\s*)(`{3,})(.*)$")]
    private static partial Regex OpenerRegex();

    [Fact]
    public void TheDocsHaveSnippets()
    {
        Assert.NotEmpty(AllSnippets());
    }

    [Fact]
    public void EverySnippetPointsToAnExistingFileAndRegion()
    {
        var problems = new List<string>();
        foreach (var snippet in AllSnippets())
        {
            if (snippet.Problem is not null)
            {
                problems.Add($"{snippet.Where}: {snippet.Problem}");
                continue;
            }
            try
            {
                Source(snippet.Reference);
            }
            catch (InvalidDataException error)
            {
                problems.Add($"{snippet.Where}: {error.Message}");
            }
        }
        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void EverySnippetEqualsItsSourceRegion()
    {
        var problems = new List<string>();
        foreach (var snippet in AllSnippets().Where(s => s.Problem is null))
        {
            string[] wanted;
            try
            {
                wanted = Source(snippet.Reference).Select(l => l.Length == 0 ? l : snippet.Indent + l).ToArray();
            }
            catch (InvalidDataException)
            {
                continue;
            }
            if (!wanted.SequenceEqual(snippet.Lines))
            {
                var line = Enumerable.Range(0, Math.Max(wanted.Length, snippet.Lines.Length))
                    .First(i => i >= wanted.Length || i >= snippet.Lines.Length || wanted[i] != snippet.Lines[i]);
                problems.Add($"{snippet.Where}: differs from its source at line {line + 1} of the block");
            }
        }
        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void EveryCSharpBlockIsASnippet()
    {
        var problems = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            var lines = ReadLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var opener = OpenerRegex().Match(lines[i]);
                if (!opener.Success)
                {
                    continue;
                }
                var marked = i > 0 && MarkerRegex().IsMatch(lines[i - 1]);
                if (!marked && s_csharpInfos.Contains(opener.Groups[3].Value.Trim().ToLowerInvariant()))
                {
                    problems.Add($"{Relative(file)}:{i + 1}: a C# block without a <!-- snippet: --> line before it");
                }
                i = CloserIndex(lines, i + 1, opener.Groups[2].Value);
            }
        }
        Assert.True(problems.Count == 0, Report(problems));
    }

    private static string Report(List<string> problems) =>
        $"{problems.Count} snippet problem(s); `python3 docs/snippets.py` rewrites stale blocks:{Environment.NewLine}"
        + string.Join(Environment.NewLine, problems);

    private sealed record Snippet(string Where, string Reference, string Indent, string[] Lines, string? Problem);

    private static List<Snippet> AllSnippets()
    {
        var snippets = new List<Snippet>();
        foreach (var file in MarkdownFiles())
        {
            var lines = ReadLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var opener = OpenerRegex().Match(lines[i]);
                if (opener.Success)
                {
                    // Markers shown inside another fence are examples, not markers.
                    i = CloserIndex(lines, i + 1, opener.Groups[2].Value);
                    continue;
                }
                var marker = MarkerRegex().Match(lines[i]);
                if (!marker.Success)
                {
                    continue;
                }
                var indent = marker.Groups[1].Value;
                var reference = marker.Groups[2].Value;
                var where = $"{Relative(file)}:{i + 1}: {reference}";
                if (i + 1 >= lines.Length || lines[i + 1] != indent + Fence)
                {
                    snippets.Add(new Snippet(where, reference, indent, [], $"the next line must be '{indent}{Fence}'"));
                    continue;
                }
                var close = i + 2;
                while (close < lines.Length && lines[close] != indent + "```")
                {
                    close++;
                }
                if (close >= lines.Length)
                {
                    snippets.Add(new Snippet(where, reference, indent, [], "the ```csharp fence is never closed"));
                    break;
                }
                snippets.Add(new Snippet(where, reference, indent, lines[(i + 2)..close], null));
                i = close;
            }
        }
        return snippets;
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

    /// <summary>The dedented lines a reference (<c>path</c> or <c>path#name</c>) stands for.</summary>
    private static string[] Source(string reference)
    {
        var hash = reference.IndexOf('#');
        var path = hash < 0 ? reference : reference[..hash];
        var full = Path.Combine(Root, path);
        if (!File.Exists(full))
        {
            throw new InvalidDataException($"no such file: {path}");
        }
        var lines = ReadLines(full);
        if (hash < 0)
        {
            var whole = lines.Where(l => !StartRegex().IsMatch(l) && !EndRegex().IsMatch(l)).ToList();
            while (whole.Count > 0 && whole[^1].Trim().Length == 0)
            {
                whole.RemoveAt(whole.Count - 1);
            }
            return Dedent(whole);
        }
        var name = reference[(hash + 1)..];
        return Regions(path, lines).TryGetValue(name, out var region)
            ? region
            : throw new InvalidDataException($"no region '{name}' in {path}");
    }

    private static Dictionary<string, string[]> Regions(string path, string[] lines)
    {
        var found = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var open = new List<(string Name, List<string> Body)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var start = StartRegex().Match(lines[i]);
            if (start.Success)
            {
                var name = start.Groups[1].Value;
                if (found.ContainsKey(name) || open.Any(r => r.Name == name))
                {
                    throw new InvalidDataException($"{path}:{i + 1}: region '{name}' is marked twice");
                }
                open.Add((name, []));
                continue;
            }
            if (EndRegex().IsMatch(lines[i]))
            {
                if (open.Count == 0)
                {
                    throw new InvalidDataException($"{path}:{i + 1}: '// end-snippet' with no region open");
                }
                var (name, body) = open[^1];
                open.RemoveAt(open.Count - 1);
                found[name] = Dedent(body);
                continue;
            }
            foreach (var (_, body) in open)
            {
                body.Add(lines[i]);
            }
        }
        if (open.Count > 0)
        {
            throw new InvalidDataException($"{path}: region '{open[^1].Name}' is never closed");
        }
        return found;
    }

    private static string[] Dedent(List<string> lines)
    {
        var indents = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).ToList();
        var cut = indents.Count == 0 ? 0 : indents.Min();
        return lines.Select(l => l.Trim().Length == 0 ? string.Empty : l[cut..]).ToArray();
    }

    private static string[] ReadLines(string path) => File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');

    private static IEnumerable<string> MarkdownFiles()
    {
        var readme = Path.Combine(Root, "README.md");
        var docs = Path.Combine(Root, "docs");
        var files = Directory.Exists(docs) ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).ToList() : [];
        if (File.Exists(readme))
        {
            files.Add(readme);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string Root { get; } = FindRoot();

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

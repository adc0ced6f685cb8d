using System.Text.RegularExpressions;

namespace Samples.Tests.Docs;

/// <summary>Every page is reachable from docs/index.md, and no page shows the paths of the machine it was written on.</summary>
public partial class DocsPagesTests
{
    [GeneratedRegex(@"\]\(([^)#\s]+\.md)")]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"(?<![\w.~])/(work|root|home/\w+)/")]
    private static partial Regex WorkingPathRegex();

    [Fact]
    public void TheIndexListsEveryPage()
    {
        var docs = Path.Combine(ConsoleSession.Root, "docs");
        var linked = LinkRegex().Matches(File.ReadAllText(Path.Combine(docs, "index.md")))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var missing = Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(docs, f).Replace('\\', '/'))
            .Where(page => page != "index.md" && !linked.Contains(page))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, $"docs/index.md does not link to: {string.Join(", ", missing)}");
    }

    [Fact]
    public void NoPageShowsAWorkingPathOfTheAuthorsMachine()
    {
        var found = new List<string>();
        foreach (var file in ConsoleSession.MarkdownFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (WorkingPathRegex().IsMatch(lines[i]))
                {
                    found.Add($"{ConsoleSession.Relative(file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }
        Assert.True(found.Count == 0, "Show /tmp/tut or relative paths instead:" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }
}

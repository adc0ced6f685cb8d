using System.Text.RegularExpressions;

namespace Roll.Tests.Docs;

/// <summary>
/// The docs site (docs/docfx.json) shows each part with its own table of contents, docs/PART/toc.yml; DocFX builds a page
/// that is not listed there but no reader finds it, so a page added without its line fails here.
/// </summary>
public partial class DocsSiteTocTests
{
    [GeneratedRegex(@"^\s*-?\s*href:\s*(\S+)\s*$")]
    private static partial Regex HrefRegex();

    public static TheoryData<string> Parts => ["tutorials", "how-to", "reference", "discussions"];

    [Theory]
    [MemberData(nameof(Parts))]
    public void EveryPageOfAPartIsInItsTableOfContents(string part)
    {
        var folder = Path.Combine(Root, "docs", part);
        var pages = Directory.GetFiles(folder, "*.md", SearchOption.AllDirectories)
            .Select(page => Path.GetRelativePath(folder, page).Replace('\\', '/'));

        var listed = Hrefs(Path.Combine(folder, "toc.yml"));

        Assert.True(pages.Except(listed).ToList() is [], $"docs/{part}/toc.yml lacks: {string.Join(", ", pages.Except(listed))}");
    }

    private static List<string> Hrefs(string toc) =>
        File.ReadLines(toc).Select(line => HrefRegex().Match(line)).Where(match => match.Success).Select(match => match.Groups[1].Value).ToList();

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

namespace Roll.Deploy.Tests;

/// <summary>The deploy how-to shows the files that deploy/ holds and the tests use, not copies that may drift.</summary>
public class DeployFilesTests
{
    [Theory]
    [InlineData("nginx-hello.conf", "nginx")]
    [InlineData("hello.service", "ini")]
    public async Task TheDeployHowToShowsTheFileAsItIs(string file, string language)
    {
        var content = (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", file))).TrimEnd('\n');
        var page = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "how-to", "deploy.md"));

        Assert.Contains($"```{language}\n{content}\n```", page);
    }
}

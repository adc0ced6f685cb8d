using System.Net;

namespace Roll.Tests.Extensions;

public class ServeOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void WithoutArgumentsItListensOnTheLoopbackPort3579()
    {
        var options = ServeOptions.Parse([], NoEnvironment);

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(3579, options.Port);
        Assert.Null(options.UnixSocket);
        Assert.Null(options.UnixSocketMode);
        Assert.Null(options.ShutdownTimeout);
        Assert.False(options.Quiet);
    }

    [Fact]
    public void TheEnvironmentSetsEveryOption()
    {
        var environment = new Dictionary<string, string>
        {
            ["ROLL_HOST"] = "0.0.0.0",
            ["ROLL_PORT"] = "8000",
            ["ROLL_UNIX_SOCKET"] = "/run/app/app.sock",
            ["ROLL_UNIX_SOCKET_MODE"] = "660",
            ["ROLL_SHUTDOWN_TIMEOUT"] = "2.5",
            ["ROLL_QUIET"] = "1",
            ["ROLL_TRUSTED_PROXIES"] = "unix, 10.0.0.0/8",
        };

        var options = ServeOptions.Parse([], environment.GetValueOrDefault);

        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(8000, options.Port);
        Assert.Equal("/run/app/app.sock", options.UnixSocket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, options.UnixSocketMode);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.ShutdownTimeout);
        Assert.True(options.Quiet);
        Assert.True(options.TrustedProxies.UnixSocket);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], options.TrustedProxies.Networks);
    }

    [Fact]
    public void TheCommandLineWinsOverTheEnvironment()
    {
        var environment = new Dictionary<string, string> { ["ROLL_PORT"] = "8000", ["ROLL_HOST"] = "0.0.0.0" };

        var options = ServeOptions.Parse(["--port", "9000", "--unix-socket-mode", "0600", "--shutdown-timeout", "10", "--quiet"],
            environment.GetValueOrDefault);

        Assert.Equal(9000, options.Port);
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, options.UnixSocketMode);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ShutdownTimeout);
        Assert.True(options.Quiet);
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("--port")]
    [InlineData("8000")]
    public void AnUnknownOrIncompleteOptionIsRefused(string argument)
    {
        var error = Assert.Throws<ArgumentException>(() => ServeOptions.Parse([argument], NoEnvironment));

        Assert.Contains(argument, error.Message);
    }

    [Theory]
    [InlineData("ROLL_PORT", "http")]
    [InlineData("ROLL_PORT", "-1")]
    [InlineData("ROLL_PORT", "65536")]
    [InlineData("ROLL_UNIX_SOCKET_MODE", "999")]
    [InlineData("ROLL_UNIX_SOCKET_MODE", "7777")]
    [InlineData("ROLL_SHUTDOWN_TIMEOUT", "soon")]
    [InlineData("ROLL_TRUSTED_PROXIES", "127.0.0.1,nginx")]
    public void AnInvalidValueNamesItsVariable(string variable, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ServeOptions.Parse([], name => name == variable ? value : null));

        Assert.Contains(variable, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void MaxConnectionsAndReusePortComeFromTheCommandLine()
    {
        var options = ServeOptions.Parse(["--max-connections", "500", "--reuse-port"], NoEnvironment);

        Assert.Equal(500, options.MaxConnections);
        Assert.True(options.ReusePort);
    }

    [Fact]
    public void MaxConnectionsAndReusePortComeFromTheEnvironment()
    {
        var environment = new Dictionary<string, string> { ["ROLL_MAX_CONNECTIONS"] = "500", ["ROLL_REUSE_PORT"] = "1" };

        var options = ServeOptions.Parse([], environment.GetValueOrDefault);

        Assert.Equal(500, options.MaxConnections);
        Assert.True(options.ReusePort);
    }

    [Fact]
    public void WithoutThemThereIsNoMaxConnectionsOverrideAndThePortIsNotShared()
    {
        var options = ServeOptions.Parse([], NoEnvironment);

        Assert.Null(options.MaxConnections);
        Assert.False(options.ReusePort);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    public void AMaxConnectionsThatIsNotAPositiveNumberIsRefused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ServeOptions.Parse(["--max-connections", value], NoEnvironment));

        Assert.Equal($"Invalid value '{value}' for --max-connections: expected a number from 1.", error.Message);
    }
}

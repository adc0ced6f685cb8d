namespace WebSocketSample;

/// <summary>The sample's one option of its own: <c>--redis HOST:PORT</c> or <c>ROLL_REDIS</c>, taken out before the server's options are read.</summary>
public static class RedisOption
{
    /// <summary>Returns the Redis address (the command line's over the environment's, null when neither gives one) and the other arguments.</summary>
    public static (string? Redis, string[] Others) Read(string[] args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var redis = environment("ROLL_REDIS") is { Length: > 0 } variable ? variable : null;
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--redis")
            {
                redis = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--redis needs an address: --redis HOST:PORT.");
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        return (redis, [.. rest]);
    }
}

using System.Globalization;

namespace Roll.Server;

/// <summary>How many connections the process's descriptor limit leaves room for: the default of <see cref="ServerLimits.MaxConnections"/>.</summary>
/// <remarks>
/// Every connection holds a descriptor, and so do the runtime (each loaded assembly holds two), log files, static
/// files being sent and the sockets a handler opens. A server that accepts until the kernel says EMFILE leaves none
/// for those: a file cannot be opened, an assembly cannot be loaded, and the process fails in places that cannot
/// recover. Stopping short of the limit keeps a reserve, and the connections beyond wait in the listen backlog.
/// </remarks>
internal static class DescriptorBudget
{
    /// <summary>The fewest descriptors kept in reserve; a sixteenth of the limit when that is more.</summary>
    public const int MinimumReserve = 64;

    /// <summary>The fewest connections the budget allows, however tight the limit.</summary>
    public const int MinimumConnections = 16;

    /// <summary>The connections the limit leaves room for, given what is open now; null where the limit cannot be read (outside Linux) or is unlimited.</summary>
    public static int? Connections()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            if (ReadLimit(File.ReadAllLines("/proc/self/limits")) is not { } limit)
            {
                return null;
            }
            var open = Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
            return Connections(limit, open);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The connections a limit leaves room for when <paramref name="open"/> descriptors are in use already.</summary>
    public static int Connections(long limit, long open)
    {
        var reserve = Math.Max(MinimumReserve, limit / 16);
        return (int)Math.Clamp(limit - open - reserve, MinimumConnections, int.MaxValue);
    }

    /// <summary>The soft limit on open files from the lines of <c>/proc/self/limits</c>; null when unlimited or absent.</summary>
    public static long? ReadLimit(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        return null;
    }
}

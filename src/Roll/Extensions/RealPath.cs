namespace Roll;

/// <summary>Resolves every symbolic link of a path, as POSIX <c>realpath</c> does, so that where a path really leads can be checked.</summary>
internal static class RealPath
{
    // Linux's own limit on links followed in one lookup (MAXSYMLINKS); past it the path is a loop.
    private const int MaxLinks = 40;

    /// <summary>The absolute path with no link left in it (its missing tail kept as written); null when links loop.</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        Push(pending, full[current.Length..]);
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                return null;
            }
            // A relative target is relative to the folder holding the link; its own ".." and links are resolved in turn.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(Path.GetFullPath(target))!;
                target = Path.GetFullPath(target)[current.Length..];
            }
            Push(pending, target);
        }
        return current;
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}

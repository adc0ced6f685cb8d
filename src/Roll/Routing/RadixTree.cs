using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Roll.Routing;

/// <summary>Finds the first registered route pattern that matches a path, in a radix tree.</summary>
/// <remarks>
/// Literal prefixes that patterns share live in common nodes; a static child is found by its first char,
/// placeholder children are tried in turn. Matching behaves like a linear scan over the patterns in
/// registration order, each pattern read as an anchored regular expression with greedy placeholders:
/// every node knows the smallest registration index in its subtree, so the search skips any branch
/// that cannot beat the best route found so far. Since indexes only grow, that smallest index is the
/// index of the route that created the node, and children, appended as they are created, are already
/// sorted by it. <see cref="Match"/> may run on many threads at once; <see cref="Add"/> may not.
/// <para>
/// The search is bounded: a pattern has at most one placeholder that spans segments (<see cref="RoutePattern"/> refuses
/// more), and a match that needs more than <see cref="MaxSteps"/> tries of a placeholder's run (or a regex past its
/// timeout) gives up and matches nothing. Placeholders sharing one segment (<c>/{a}-{b}-{c}</c>) against a long run of
/// dashes could otherwise take time growing with the cube of the path.
/// </para>
/// </remarks>
internal sealed partial class RadixTree<T> where T : class
{
    /// <summary>The tries (a run length, or a char a regex reads) one match may take before it gives up: well under a millisecond.</summary>
    internal const int MaxSteps = 20_000;

    private readonly Node _root = Node.Static(string.Empty, minIndex: 0);
    private int _count;

    /// <summary>How many patterns were added.</summary>
    public int Count => _count;

    /// <summary>Adds a pattern, or throws <see cref="ArgumentException"/> saying how to fix a malformed or repeated one.</summary>
    public void Add(string pattern, T payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var parsed = RoutePattern.Parse(pattern);
        int index = _count;
        var node = _root;
        foreach (var part in parsed.Parts)
        {
            node = part is LiteralPart literal
                ? AddLiteral(node, literal.Text, index)
                : AddPlaceholder(node, (PlaceholderPart)part, index);
        }

        // A node that already ends a route was reached through existing nodes only (a new or split node
        // never ends one), so refusing here leaves the tree as it was.
        if (node.Pattern is { } existing)
        {
            string message = existing == parsed.Text
                ? $"Route pattern '{pattern}' is already registered; add it once and merge what it routes to."
                : $"Route pattern '{pattern}' matches exactly the same paths as '{existing}', registered earlier, "
                    + "so it could never be chosen; register both under one pattern text.";
            throw new ArgumentException(message, nameof(pattern));
        }

        node.End(index, parsed.Text, parsed.Names, payload);
        _count++;
    }

    /// <summary>Returns the payload of the first registered pattern matching all of <paramref name="path"/>, or null.</summary>
    /// <remarks><paramref name="captures"/> is cleared, then filled with that pattern's placeholders in path order.</remarks>
    public T? Match(string path, PathCaptures captures)
    {
        captures.Clear();
        var search = new Search(path, captures);
        SearchChildren(_root, 0, ref search);
        if (search.Steps < 0)
        {
            // Gave up: a route found so far may not be the first that matches, so none is.
            captures.Clear();
            return null;
        }

        return search.Best?.Payload;
    }

    private static Node AddLiteral(Node node, string text, int index)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int i = node.IndexOfStatic(text[offset]);
            if (i < 0)
            {
                var leaf = Node.Static(text[offset..], index);
                node.AddStatic(leaf);
                return leaf;
            }

            var child = node.StaticChildren[i];
            int common = child.Text.AsSpan().CommonPrefixLength(text.AsSpan(offset));
            if (common < child.Text.Length)
            {
                child = node.SplitStatic(i, common);
            }

            node = child;
            offset += common;
        }

        return node;
    }

    private static Node AddPlaceholder(Node node, PlaceholderPart part, int index)
    {
        // Placeholders with another name but the same kind share a node: the names are kept per route.
        foreach (var child in node.PlaceholderChildren)
        {
            if (child.Kind == part.Kind && child.Expression == part.Expression)
            {
                return child;
            }
        }

        var created = Node.Placeholder(part, index);
        node.AddPlaceholder(created);
        return created;
    }

    // Called once the path up to pos has been matched by node: records the route node ends, if it is
    // the whole path, then tries the children in order of their smallest index while they can still win.
    // At most one static child fits the path; when it comes last, the search moves down to it in this
    // loop rather than by recursion, which keeps chains of literal text cheap.
    private static void SearchChildren(Node node, int pos, ref Search search)
    {
        string path = search.Path;
        while (true)
        {
            if (pos == path.Length && node.Index < search.BestIndex)
            {
                search.Record(node);
            }

            Node? literal = null;
            if (pos < path.Length)
            {
                int i = node.IndexOfStatic(path[pos]);
                if (i >= 0 && path.AsSpan(pos).StartsWith(node.StaticChildren[i].Text))
                {
                    literal = node.StaticChildren[i];
                }
            }

            Node[] placeholders = node.PlaceholderChildren;
            int next = 0;
            if (literal is not null)
            {
                for (; next < placeholders.Length && placeholders[next].MinIndex < literal.MinIndex; next++)
                {
                    if (placeholders[next].MinIndex >= search.BestIndex)
                    {
                        return;
                    }

                    SearchPlaceholder(placeholders[next], pos, ref search);
                }

                if (literal.MinIndex >= search.BestIndex)
                {
                    return;
                }

                if (next == placeholders.Length)
                {
                    node = literal;
                    pos += literal.Text.Length;
                    continue;
                }

                SearchChildren(literal, pos + literal.Text.Length, ref search);
            }

            for (; next < placeholders.Length; next++)
            {
                if (placeholders[next].MinIndex >= search.BestIndex)
                {
                    return;
                }

                SearchPlaceholder(placeholders[next], pos, ref search);
            }

            return;
        }
    }

    // Tries the runs the placeholder may take from pos, longest first as a greedy regex would. A pattern
    // never has two placeholders in a row, so what follows a placeholder is the end of the path or a
    // static child: both are checked before the (costly) regex and before going deeper.
    private static void SearchPlaceholder(Node node, int pos, ref Search search)
    {
        Debug.Assert(node.PlaceholderChildren.Length == 0);
        string path = search.Path;
        ReadOnlySpan<char> rest = path.AsSpan(pos);
        int longest;
        int shortest = 1;
        switch (node.Kind)
        {
            case PlaceholderKind.String:
                longest = SegmentLength(rest);
                break;
            case PlaceholderKind.Regex:
                longest = SegmentLength(rest);
                shortest = 0;
                break;
            case PlaceholderKind.Digit:
                longest = 0;
                while (longest < rest.Length && char.IsAsciiDigit(rest[longest]))
                {
                    longest++;
                }

                break;
            case PlaceholderKind.Alnum:
                longest = 0;
                while (longest < rest.Length && char.IsLetterOrDigit(rest[longest]))
                {
                    longest++;
                }

                break;
            case PlaceholderKind.Alpha:
                longest = 0;
                while (longest < rest.Length && char.IsLetter(rest[longest]))
                {
                    longest++;
                }

                break;
            case PlaceholderKind.Path:
                longest = rest.Length;
                break;
            default:
                Debug.Assert(node.Kind == PlaceholderKind.Any);
                longest = rest.Length;
                shortest = 0;
                break;
        }

        // A placeholder that ends its route and has nothing after it takes the rest of the path, or nothing.
        if (node.StaticChildren.Length == 0)
        {
            int length = rest.Length;
            if (length >= shortest && length <= longest && node.Index < search.BestIndex && RegexAccepts(node.Regex, rest, ref search))
            {
                search.Captures.Push(pos, length);
                search.Record(node);
                search.Captures.Pop();
            }

            return;
        }

        for (int length = longest; length >= shortest; length--)
        {
            // A route found under a longer run may already beat everything below this node.
            if (node.MinIndex >= search.BestIndex || --search.Steps < 0)
            {
                return;
            }

            int end = pos + length;
            if (end == path.Length)
            {
                if (node.Index < search.BestIndex && RegexAccepts(node.Regex, rest[..length], ref search))
                {
                    search.Captures.Push(pos, length);
                    search.Record(node);
                    search.Captures.Pop();
                }

                continue;
            }

            int i = node.IndexOfStatic(path[end]);
            if (i < 0)
            {
                continue;
            }

            var child = node.StaticChildren[i];

            // Runs are tried by length, not by index, so a shorter run may still reach a child that can win.
            if (child.MinIndex >= search.BestIndex
                || !path.AsSpan(end).StartsWith(child.Text)
                || !RegexAccepts(node.Regex, rest[..length], ref search))
            {
                continue;
            }

            search.Captures.Push(pos, length);
            SearchChildren(child, end + child.Text.Length, ref search);
            search.Captures.Pop();
        }
    }

    private static int SegmentLength(ReadOnlySpan<char> rest)
    {
        int slash = rest.IndexOf('/');
        return slash < 0 ? rest.Length : slash;
    }

    private static bool RegexAccepts(Regex? regex, ReadOnlySpan<char> run, ref Search search)
    {
        if (regex is null)
        {
            return true;
        }

        search.Steps -= run.Length;
        try
        {
            return search.Steps >= 0 && regex.IsMatch(run);
        }
        catch (RegexMatchTimeoutException)
        {
            search.Steps = -1;
            return false;
        }
    }

    /// <summary>The state of one match, passed by reference down the recursive search.</summary>
    private struct Search
    {
        /// <summary>The path being matched.</summary>
        public readonly string Path;

        /// <summary>The working stack of placeholders and, once a route is found, its captures.</summary>
        public readonly PathCaptures Captures;

        /// <summary>The registration index of the best route found so far, or <see cref="int.MaxValue"/>.</summary>
        public int BestIndex;

        /// <summary>The node that ends the best route found so far.</summary>
        public Node? Best;

        /// <summary>The tries left before the search gives up; below zero once it has.</summary>
        public int Steps;

        /// <summary>Starts a search of <paramref name="path"/> that captures into <paramref name="captures"/>.</summary>
        public Search(string path, PathCaptures captures)
        {
            Path = path;
            Captures = captures;
            BestIndex = int.MaxValue;
            Best = null;
            Steps = MaxSteps;
        }

        /// <summary>Makes the route that <paramref name="node"/> ends, with the current captures, the best so far.</summary>
        public void Record(Node node)
        {
            Debug.Assert(node.Index < BestIndex);
            BestIndex = node.Index;
            Best = node;
            Captures.Commit(node.Names);
        }
    }
}

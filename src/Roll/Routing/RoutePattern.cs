using System.Text.RegularExpressions;

namespace Roll.Routing;

/// <summary>Which characters a placeholder takes from the path, and how many.</summary>
internal enum PlaceholderKind
{
    /// <summary>One or more characters other than '/' (<c>{name}</c> or <c>{name:string}</c>).</summary>
    String,

    /// <summary>One or more ASCII digits 0-9 (<c>{name:digit}</c>).</summary>
    Digit,

    /// <summary>One or more characters for which <see cref="char.IsLetterOrDigit(char)"/> holds (<c>{name:alnum}</c>).</summary>
    Alnum,

    /// <summary>One or more characters for which <see cref="char.IsLetter(char)"/> holds (<c>{name:alpha}</c>).</summary>
    Alpha,

    /// <summary>One or more characters of any kind, '/' included (<c>{name:path}</c>).</summary>
    Path,

    /// <summary>Zero or more characters of any kind, '/' included (<c>{name:any}</c>).</summary>
    Any,

    /// <summary>A run of characters other than '/' that a regular expression matches in full (<c>{name:[a-z]+}</c>).</summary>
    Regex,
}

/// <summary>One piece of a parsed route pattern: literal text or a placeholder.</summary>
internal abstract class RoutePart
{
}

/// <summary>Literal text of a route pattern, matched exactly (ordinal, case-sensitive).</summary>
internal sealed class LiteralPart : RoutePart
{
    /// <summary>Creates a literal part for <paramref name="text"/>.</summary>
    public LiteralPart(string text)
    {
        Text = text;
    }

    /// <summary>The text the path must contain at this point.</summary>
    public string Text { get; }
}

/// <summary>A placeholder of a route pattern, which captures part of the path under a name.</summary>
internal sealed class PlaceholderPart : RoutePart
{
    /// <summary>Creates a placeholder part; <paramref name="regex"/> is set for regex placeholders only.</summary>
    public PlaceholderPart(string source, string name, PlaceholderKind kind, string? expression, Regex? regex)
    {
        Source = source;
        Name = name;
        Kind = kind;
        Expression = expression;
        Regex = regex;
    }

    /// <summary>The placeholder as written in the pattern, braces included, for error messages.</summary>
    public string Source { get; }

    /// <summary>The name the captured text is known by.</summary>
    public string Name { get; }

    /// <summary>Which characters the placeholder accepts.</summary>
    public PlaceholderKind Kind { get; }

    /// <summary>The regular expression as written, for <see cref="PlaceholderKind.Regex"/>; null otherwise.</summary>
    public string? Expression { get; }

    /// <summary>The expression anchored at both ends, for <see cref="PlaceholderKind.Regex"/>; null otherwise.</summary>
    public Regex? Regex { get; }
}

/// <summary>A route pattern such as <c>/users/{id:digit}/files/{name}.{ext}</c>, parsed and validated.</summary>
internal sealed class RoutePattern
{
    private const string KnownTypes = "string, digit, alnum, alpha, path, any";

    /// <summary>How long a placeholder's regular expression may run on one run of the path before the match gives up (404).</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private RoutePattern(string text, RoutePart[] parts, string[] names)
    {
        Text = text;
        Parts = parts;
        Names = names;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The literal and placeholder parts, in order; never two placeholders in a row.</summary>
    public IReadOnlyList<RoutePart> Parts { get; }

    /// <summary>The placeholder names, in the order they appear.</summary>
    public string[] Names { get; }

    /// <summary>Parses <paramref name="pattern"/>, or throws <see cref="ArgumentException"/> saying how to fix it.</summary>
    public static RoutePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0 || pattern[0] != '/')
        {
            throw new ArgumentException(
                $"Route pattern '{pattern}' must start with '/'; write '/{pattern}'.",
                nameof(pattern));
        }

        var parts = new List<RoutePart>();
        var names = new List<string>();
        int literalStart = 0;
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '}')
            {
                throw new ArgumentException(
                    $"Route pattern '{pattern}' has a '}}' at position {i} with no '{{' before it; "
                    + "remove it (braces cannot be literal text) or open the placeholder with '{'.",
                    nameof(pattern));
            }

            if (c != '{')
            {
                i++;
                continue;
            }

            if (i > literalStart)
            {
                parts.Add(new LiteralPart(pattern[literalStart..i]));
            }

            int close = FindClosingBrace(pattern, i);
            var placeholder = ParsePlaceholder(pattern, pattern[i..(close + 1)]);
            if (parts.Count > 0 && parts[^1] is PlaceholderPart previous)
            {
                throw new ArgumentException(
                    $"Placeholders '{previous.Source}' and '{placeholder.Source}' in route pattern '{pattern}' "
                    + "are directly adjacent, so where one ends is ambiguous; put literal text between them, "
                    + $"for example '{previous.Source}-{placeholder.Source}'.",
                    nameof(pattern));
            }

            if (names.Contains(placeholder.Name))
            {
                throw new ArgumentException(
                    $"Route pattern '{pattern}' uses the placeholder name '{placeholder.Name}' twice; "
                    + "give each placeholder its own name.",
                    nameof(pattern));
            }

            parts.Add(placeholder);
            names.Add(placeholder.Name);
            i = close + 1;
            literalStart = i;
        }

        if (literalStart < pattern.Length)
        {
            parts.Add(new LiteralPart(pattern[literalStart..]));
        }

        // Each placeholder that may take several segments multiplies the ways a path can be split: three of them
        // against an 8 KB path take a minute of CPU. With one, matching stays linear in the path.
        var multi = parts.OfType<PlaceholderPart>().Where(p => p.Kind is PlaceholderKind.Path or PlaceholderKind.Any).ToArray();
        if (multi.Length > 1)
        {
            throw new ArgumentException(
                $"Route pattern '{pattern}' has {multi.Length} placeholders that take several segments "
                + $"({string.Join(", ", multi.Select(p => p.Source))}); a route may have one, since where each ends would be "
                + "a guess that costs more with every segment. Keep one ':path' or ':any' and make the others single segments "
                + "('{name}'), or take the whole rest with one and split it in the handler.",
                nameof(pattern));
        }

        return new RoutePattern(pattern, parts.ToArray(), names.ToArray());
    }

    // Regular expressions have braces of their own ("\d{3}"), so the placeholder ends at the brace
    // that balances the opening one; a backslash escapes the next character ("\{") from the count.
    private static int FindClosingBrace(string pattern, int open)
    {
        int depth = 0;
        for (int i = open; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        throw new ArgumentException(
            $"Route pattern '{pattern}' has a '{{' at position {open} that is never closed; add the matching '}}'.",
            nameof(pattern));
    }

    private static PlaceholderPart ParsePlaceholder(string pattern, string source)
    {
        string content = source[1..^1];
        int colon = content.IndexOf(':');
        string name = colon < 0 ? content : content[..colon];
        string? type = colon < 0 ? null : content[(colon + 1)..];

        if (name.Length == 0)
        {
            string example = type is null ? "{name}" : $"{{name:{type}}}";
            throw new ArgumentException(
                $"Placeholder '{source}' in route pattern '{pattern}' has an empty name; write '{example}'.",
                nameof(pattern));
        }

        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                throw new ArgumentException(
                    $"Placeholder name '{name}' in route pattern '{pattern}' may only contain letters, digits and '_'.",
                    nameof(pattern));
            }
        }

        PlaceholderKind? kind = type switch
        {
            null or "string" => PlaceholderKind.String,
            "digit" => PlaceholderKind.Digit,
            "alnum" => PlaceholderKind.Alnum,
            "alpha" => PlaceholderKind.Alpha,
            "path" => PlaceholderKind.Path,
            "any" => PlaceholderKind.Any,
            _ => null,
        };
        if (kind is { } known)
        {
            return new PlaceholderPart(source, name, known, expression: null, regex: null);
        }

        if (type!.Length == 0)
        {
            throw new ArgumentException(
                $"Placeholder '{source}' in route pattern '{pattern}' has nothing after ':'; "
                + $"remove the ':' or give a type ({KnownTypes}) or a regular expression.",
                nameof(pattern));
        }

        // A bare word is far more likely a mistyped type ("int", "Digit") than a regular expression
        // meant to match that very word, so it is refused with the way out spelled in the message.
        if (IsAsciiWord(type))
        {
            throw new ArgumentException(
                $"Placeholder '{source}' in route pattern '{pattern}' has unknown type '{type}'; "
                + $"use one of {KnownTypes}, or a regular expression (write '(?:{type})' to match the text '{type}' itself).",
                nameof(pattern));
        }

        return new PlaceholderPart(source, name, PlaceholderKind.Regex, type, BuildRegex(pattern, source, type));
    }

    private static Regex BuildRegex(string pattern, string source, string expression)
    {
        try
        {
            // Checked on its own first so that text such as "a)|(b" cannot escape the anchoring group below.
            _ = new Regex(expression, RegexOptions.CultureInvariant);

            // \z rather than $, which would also accept a trailing newline. The timeout bounds a regex that backtracks
            // without end ("(a+)+b"); the router then answers as if nothing matched.
            return new Regex("^(?:" + AsciiDigits(pattern, source, expression) + ")\\z", RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"Placeholder '{source}' in route pattern '{pattern}' has an invalid regular expression "
                + $"'{expression}': {ex.Message}",
                nameof(pattern),
                ex);
        }
    }

    /// <summary>The expression with <c>\d</c> meaning 0-9, as the docs' <c>{year:\d{4}}</c> means, not any Unicode digit ("٢٠٢٤").</summary>
    /// <remarks>
    /// .NET's <c>\d</c> is <c>\p{Nd}</c>; a handler that calls <c>int.Parse</c> on what it matched would fail. RegexOptions.ECMAScript
    /// makes it ASCII too but changes other rules (no <c>\p{..}</c>, other escapes), so <c>\d</c> and <c>\D</c> are rewritten instead.
    /// </remarks>
    private static string AsciiDigits(string pattern, string source, string expression)
    {
        if (!expression.Contains("\\d", StringComparison.OrdinalIgnoreCase))
        {
            return expression;
        }

        var text = new System.Text.StringBuilder(expression.Length + 8);
        bool inClass = false;
        for (int i = 0; i < expression.Length; i++)
        {
            char c = expression[i];
            if (c == '\\' && i + 1 < expression.Length)
            {
                char next = expression[++i];
                if (next == 'd')
                {
                    text.Append(inClass ? "0-9" : "[0-9]");
                }
                else if (next == 'D' && !inClass)
                {
                    text.Append("[^0-9]");
                }
                else if (next == 'D')
                {
                    throw new ArgumentException(
                        $"Placeholder '{source}' in route pattern '{pattern}' has '\\D' inside a character class; "
                        + "write the class without it, or '[^0-9...]'.",
                        nameof(pattern));
                }
                else
                {
                    text.Append(c).Append(next);
                }

                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
                text.Append(c);
                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (i + 1 < expression.Length && expression[i + 1] == '^')
                {
                    text.Append(expression[++i]);
                }

                if (i + 1 < expression.Length && expression[i + 1] == ']')
                {
                    text.Append(expression[++i]);
                }

                continue;
            }

            if (c == ']' && inClass)
            {
                inClass = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static bool IsAsciiWord(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}

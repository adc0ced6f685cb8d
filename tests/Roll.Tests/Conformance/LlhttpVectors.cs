using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Roll.Tests.Conformance;

/// <summary>What llhttp saw of one message of a case: the spans it reported (as the log renders them), and whether the message completed.</summary>
internal sealed class LlhttpMessage
{
    public string Method { get; set; } = string.Empty;

    public string Url { get; set; } = string.Empty;

    /// <summary>The header fields of the head; the trailer fields of a chunked body are not among them.</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    public StringBuilder Body { get; } = new();

    public bool HeadComplete { get; set; }

    public bool Complete { get; set; }
}

/// <summary>One request case of the llhttp vectors: the raw bytes and what llhttp made of them.</summary>
internal sealed class LlhttpCase
{
    /// <summary>"file: heading", unique across the vectors; the theory rows are named by it.</summary>
    public required string Name { get; init; }

    /// <summary>The meta type: "request", "request-lenient-headers"...</summary>
    public required string Type { get; init; }

    /// <summary>The meta keys besides the type (noScan, skipBody, pause...).</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public required byte[] Bytes { get; init; }

    public required IReadOnlyList<LlhttpMessage> Messages { get; init; }

    /// <summary>llhttp's error code, when the log ends with one.</summary>
    public int? ErrorCode { get; init; }

    public string? ErrorReason { get; init; }

    /// <summary>Whether the case tests HTTP rather than one of llhttp's API modes (lenient flags, finish, pause, skip body).</summary>
    public bool IsPlainRequest => Type == "request" && !Flags.Contains("pause") && !Flags.Contains("skipBody");

    /// <summary>Whether the last message began but the bytes end before it completes.</summary>
    public bool EndsInsideAMessage => Messages.Count > 0 && !Messages[^1].Complete;
}

/// <summary>Reads llhttp's Markdown test vectors (see llhttp/README.md for the format).</summary>
internal static partial class LlhttpVectors
{
    private static readonly Lazy<IReadOnlyList<LlhttpCase>> s_all = new(Load);

    public static IReadOnlyList<LlhttpCase> All => s_all.Value;

    public static LlhttpCase Named(string name) => All.Single(c => c.Name == name);

    private static IReadOnlyList<LlhttpCase> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Conformance", "llhttp");
        var cases = new List<LlhttpCase>();
        foreach (var file in Directory.GetFiles(folder, "*.md").Where(f => Path.GetFileName(f) != "README.md").Order(StringComparer.Ordinal))
        {
            cases.AddRange(LoadFile(file));
        }
        return cases;
    }

    private static IEnumerable<LlhttpCase> LoadFile(string file)
    {
        var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
        var prefix = Path.GetFileNameWithoutExtension(file);
        var names = new HashSet<string>();
        var heading = string.Empty;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#'))
            {
                heading = lines[i].TrimStart('#').Trim();
                continue;
            }
            var meta = MetaComment().Match(lines[i]);
            if (!meta.Success)
            {
                continue;
            }
            using var json = JsonDocument.Parse(meta.Groups[1].Value);
            var type = json.RootElement.GetProperty("type").GetString()!;
            var flags = json.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "type").ToArray();
            var http = ReadBlock(lines, ref i, "```http");
            var log = ReadBlock(lines, ref i, "```log");
            var name = $"{prefix}: {heading}";
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{prefix}: {heading} #{n}";
            }
            var (messages, code, reason) = ReadLog(log);
            yield return new LlhttpCase
            {
                Name = name,
                Type = type,
                Flags = flags,
                Bytes = ExpandRequest(string.Join("\n", http)),
                Messages = messages,
                ErrorCode = code,
                ErrorReason = reason,
            };
        }
    }

    private static List<string> ReadBlock(string[] lines, ref int i, string fence)
    {
        while (lines[i] != fence)
        {
            i++;
        }
        var block = new List<string>();
        for (i++; lines[i] != "```"; i++)
        {
            block.Add(lines[i]);
        }
        return block;
    }

    /// <summary>Applies the README's rules in order: the block's lines are joined without the last newline (the join does it), a backslash-newline is dropped, newlines become CRLF, then escapes and repeats are expanded.</summary>
    private static byte[] ExpandRequest(string text)
    {
        text = text.Replace("\\\n", string.Empty).Replace("\n", "\r\n");
        text = Repeat().Replace(text, m => string.Concat(Enumerable.Repeat(m.Groups[1].Value, int.Parse(m.Groups[2].Value))));
        if (text.Contains("${", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"A vector uses a ${{...}} expression this loader does not know: {text}");
        }
        return ExpandEscapes(text);
    }

    /// <summary>Expands \r \n \t \f \xNN and octal \NNN; any other backslash is itself (the vectors write <c>\"</c> and <c>\\</c> literally). Other characters become their UTF-8 bytes.</summary>
    private static byte[] ExpandEscapes(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                switch (next)
                {
                    case 'r': bytes.Add((byte)'\r'); i++; continue;
                    case 'n': bytes.Add((byte)'\n'); i++; continue;
                    case 't': bytes.Add((byte)'\t'); i++; continue;
                    case 'f': bytes.Add((byte)'\f'); i++; continue;
                    case 'x' when i + 3 < text.Length && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3]):
                        bytes.Add(Convert.ToByte(text.Substring(i + 2, 2), 16));
                        i += 3;
                        continue;
                    case >= '0' and <= '7':
                        var digits = 1;
                        while (digits < 3 && i + 1 + digits < text.Length && text[i + 1 + digits] is >= '0' and <= '7')
                        {
                            digits++;
                        }
                        bytes.Add((byte)Convert.ToInt32(text.Substring(i + 1, digits), 8));
                        i += digits;
                        continue;
                }
            }
            if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                var width = char.IsHighSurrogate(c) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, width)));
                i += width - 1;
            }
        }
        return bytes.ToArray();
    }

    private static (List<LlhttpMessage> Messages, int? Code, string? Reason) ReadLog(List<string> log)
    {
        var messages = new List<LlhttpMessage>();
        LlhttpMessage? current = null;
        foreach (var line in log)
        {
            if (line.EndsWith(" message begin", StringComparison.Ordinal))
            {
                current = new LlhttpMessage();
                messages.Add(current);
            }
            else if (line.EndsWith(" message complete", StringComparison.Ordinal))
            {
                current!.Complete = true;
            }
            else if (line.Contains(" headers complete ", StringComparison.Ordinal))
            {
                current!.HeadComplete = true;
            }
            else if (ErrorLine().Match(line) is { Success: true } error)
            {
                return (messages, int.Parse(error.Groups[1].Value), error.Groups[2].Value);
            }
            else if (SpanLine().Match(line) is { Success: true } span && current is not null)
            {
                var value = Render(ExpandEscapes(span.Groups[2].Value));
                switch (span.Groups[1].Value)
                {
                    case "method": current.Method = value; break;
                    case "url": current.Url = value; break;
                    case "header_field" when !current.HeadComplete: current.Headers.Add((value, string.Empty)); break;
                    case "header_value" when !current.HeadComplete: current.Headers[^1] = (current.Headers[^1].Name, value); break;
                    case "body": current.Body.Append(value); break;
                }
            }
        }
        return (messages, null, null);
    }

    /// <summary>Renders bytes as the log does: UTF-8 text when they are UTF-8, one character per byte otherwise.</summary>
    /// <remarks>The log's <c>len</c> cannot be trusted to tell: it counts the rendering's UTF-8 bytes (8 for a 0xFF byte and six letters).</remarks>
    public static string Render(ReadOnlySpan<byte> bytes)
        => System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    [GeneratedRegex(@"<!--\s*meta=(\{.*\})\s*-->")]
    private static partial Regex MetaComment();

    [GeneratedRegex(@"\$\{""([^""]*)""\.repeat\((\d+)\)\}")]
    private static partial Regex Repeat();

    [GeneratedRegex(@"^off=\d+ error code=(\d+) reason=""(.*)""$")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"^off=\d+ len=\d+ span\[(\w+)\]=""(.*)""$")]
    private static partial Regex SpanLine();
}

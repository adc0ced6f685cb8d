using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Roll.Tests.Conformance;

namespace Roll.Fuzz;

/// <summary>Writes the seed corpus: llhttp's request vectors, the raw requests written in the tests, and requests to each route of <see cref="FuzzApp"/>.</summary>
internal static partial class Seeds
{
    private static readonly string[] s_appRequests =
    [
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /echo/a%20b/c?q=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\nGET http://x.example/echo/z HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "POST /lazy HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "PUT /lazy-read HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
        "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbodyGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
        "POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi",
        "GET /stream HTTP/1.0\r\n\r\n",
        "GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/304 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/101 HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /head HTTP/1.1\r\nHost: x\r\n\r\nGET /head HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /close HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ];

    /// <summary>Writes every seed as a file named by its content; returns how many there are.</summary>
    public static int Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var seeds = new Dictionary<string, byte[]>();
        void Add(string origin, byte[] request, byte control = 0)
        {
            var input = FuzzInput.Create(request, control);
            var hash = Convert.ToHexStringLower(SHA256.HashData(input))[..12];
            seeds.TryAdd($"{origin}-{hash}", input);
        }

        foreach (var vector in LlhttpVectors.All.Where(v => v.Type.StartsWith("request", StringComparison.Ordinal)))
        {
            Add("llhttp", vector.Bytes);
        }
        foreach (var request in TestRequests(RepositoryRoot()))
        {
            Add("tests", request);
        }
        foreach (var request in s_appRequests)
        {
            var bytes = Encoding.Latin1.GetBytes(request);
            Add("app", bytes);
            // The same, cut in the middle: the head or the body arriving in two writes.
            Add("app", bytes, (byte)((20 << 2) | 1));
        }
        foreach (var (name, input) in seeds)
        {
            File.WriteAllBytes(Path.Combine(folder, name), input);
        }
        return seeds.Count;
    }

    /// <summary>The raw requests written as C# string literals in the tests (adjacent literals joined by + count as one).</summary>
    private static IEnumerable<byte[]> TestRequests(string root)
    {
        var tests = Path.Combine(root, "tests", "Roll.Tests");
        foreach (var file in Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (Match joined in JoinedLiterals().Matches(File.ReadAllText(file)))
            {
                var text = string.Concat(Literal().Matches(joined.Value).Select(m => Unescape(m.Groups[1].Value)));
                if (RequestLine().IsMatch(text))
                {
                    yield return Encoding.Latin1.GetBytes(text);
                }
            }
        }
    }

    private static string Unescape(string literal)
    {
        var text = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '\\' || i + 1 == literal.Length)
            {
                text.Append(literal[i]);
                continue;
            }
            var next = literal[++i];
            switch (next)
            {
                case 'r': text.Append('\r'); break;
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case '0': text.Append('\0'); break;
                case 'x' or 'u' when TryHex(literal, i + 1, out var c, out var used):
                    text.Append(c);
                    i += used;
                    break;
                default: text.Append(next); break;
            }
        }
        return text.ToString();
    }

    private static bool TryHex(string literal, int at, out char c, out int used)
    {
        var value = 0;
        used = 0;
        while (used < 4 && at + used < literal.Length && char.IsAsciiHexDigit(literal[at + used]))
        {
            value = (value * 16) + Convert.ToInt32(literal[at + used].ToString(), 16);
            used++;
        }
        c = (char)value;
        return used > 0;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Roll.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException("Run from inside the repository: the seeds include the tests' raw requests.");
    }

    [GeneratedRegex(@"(?:""(?:[^""\\\n]|\\.)*""\s*\+\s*)*""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex JoinedLiterals();

    [GeneratedRegex(@"""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^(\r\n)*[A-Z]+ \S+ HTTP/\d\.\d\r\n")]
    private static partial Regex RequestLine();
}

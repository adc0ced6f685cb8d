using System.Text.Json.Serialization;

namespace Roll;

/// <summary>Generated JSON metadata for problem documents (RFC 9457 names its members in lower case; absent ones are left out).</summary>
[JsonSerializable(typeof(ProblemDocument))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext
{
}

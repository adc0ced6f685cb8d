using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Roll;

/// <summary>Generated JSON metadata for the types Roll serialises itself, so that JSON stays trimming-safe.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext
{
}

using System.Text.Json.Serialization;

namespace Roll.Tests.App;

/// <summary>A value the feature tests send and answer as JSON.</summary>
public sealed record Item(string Name, int Quantity);

/// <summary>The source-generated JSON metadata of <see cref="Item"/>, as a trimmed or native AOT app would use it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(List<Item>))]
internal sealed partial class AppJsonContext : JsonSerializerContext
{
}

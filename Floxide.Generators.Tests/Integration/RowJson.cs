using System.Text.Json.Serialization;

namespace Floxide.Generators.Tests.Integration;

/// <summary>The JSON the durable row contexts save their items (lines) and outputs (lengths) with.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class RowJson : JsonSerializerContext;

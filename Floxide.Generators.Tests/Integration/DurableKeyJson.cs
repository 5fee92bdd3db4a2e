using System.Text.Json.Serialization;

namespace Floxide.Generators.Tests.Integration;

/// <summary>The JSON the durable contexts keyed by dates, numbers, labels and SKUs save their items and outputs with.</summary>
[JsonSerializable(typeof(LabeledReading))]
[JsonSerializable(typeof(MeterReading))]
[JsonSerializable(typeof(OffsetReading))]
[JsonSerializable(typeof(ParcelOrder))]
[JsonSerializable(typeof(RatioSample))]
[JsonSerializable(typeof(SkuCount))]
[JsonSerializable(typeof(int))]
internal sealed partial class DurableKeyJson : JsonSerializerContext;

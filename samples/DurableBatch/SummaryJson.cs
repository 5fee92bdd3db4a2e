using System.Text.Json.Serialization;

namespace DurableBatch;

/// <summary>Source-generated JSON for the recorded outputs: no reflection, so the sample publishes with Native AOT.</summary>
[JsonSerializable(typeof(Summary))]
internal sealed partial class SummaryJson : JsonSerializerContext;

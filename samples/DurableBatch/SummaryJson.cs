using System.Text.Json.Serialization;

namespace DurableBatch;

/// <summary>
/// Source-generated JSON for what a durable run records: the item (fingerprinted, so a changed source is caught)
/// and the [ItemOutput]. No reflection, so the sample publishes with Native AOT.
/// </summary>
[JsonSerializable(typeof(Document))]
[JsonSerializable(typeof(Summary))]
internal sealed partial class SummaryJson : JsonSerializerContext;

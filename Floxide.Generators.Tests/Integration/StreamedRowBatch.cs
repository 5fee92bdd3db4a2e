namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// The shape of the audit's 200k-row durable ETL: an [ItemOutput] and no [BatchOutputs] (which would hold every row),
/// the outputs read from the results <c>StreamDurableAsync</c> yields. FLX0026 is not reported on it: the generated
/// codec records the [ItemOutput].
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(RowJson))]
public sealed partial class StreamedRowBatch
{
    [BatchItems] public IReadOnlyList<string> Lines { get; init; } = [];

    [BatchItem] public string Line { get; set; } = "";

    [ItemOutput] public int Length { get; set; }
}

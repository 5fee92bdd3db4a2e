namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// <see cref="StreamedRowBatch"/> with its [ItemOutput] removed, as FLX0026's old advice had it: the generated codec then
/// records no output, and a resumed row comes back without one.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 2, DurableJson = typeof(RowJson))]
public sealed partial class UnmarkedRowBatch
{
    [BatchItems] public IReadOnlyList<string> Lines { get; init; } = [];

    [BatchItem] public string Line { get; set; } = "";

    public int Length { get; set; }
}

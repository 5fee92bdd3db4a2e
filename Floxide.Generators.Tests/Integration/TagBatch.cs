namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A positional record context whose roles are written on its parameters with the <c>property:</c> target, the one
/// that puts them on the generated properties (<c>field:</c> would hit the backing fields: FLX0028).
/// </summary>
[BatchContext(KeepResults = true)]
public sealed partial record TagBatch(
    [property: BatchItems] IReadOnlyList<string> Tags,
    [property: PerItem] List<string> Seen,
    [property: BatchItem] string Tag = "")
{
    [ItemOutput] public int? Length { get; set; }

    [BatchOutputs] public List<int> Lengths { get; } = [];
}

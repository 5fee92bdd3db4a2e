namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A context whose slot and outputs name their tuple elements differently from the items and the output: C# converts
/// them by identity, so the names are no mismatch (FLX0006, FLX0008).
/// </summary>
[BatchContext]
public sealed partial class PairBatch
{
    [BatchItems] public List<(int A, string B)> Pairs { get; init; } = [];

    [BatchItem] public (int X, string Y) Pair { get; set; }

    [ItemOutput] public (int Count, string Text) Joined { get; set; }

    [BatchOutputs] public List<(int N, string S)> Joins { get; } = [];
}

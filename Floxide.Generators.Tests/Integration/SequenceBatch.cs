namespace Floxide.Generators.Tests.Integration;

/// <summary>A generic context whose items are a type parameter constrained to a sequence (FLX0004 must not refuse it).</summary>
/// <typeparam name="TList">The items' type.</typeparam>
[BatchContext]
public sealed partial class SequenceBatch<TList>
    where TList : IEnumerable<int>
{
    [BatchItems] public TList Items { get; init; } = default!;

    [BatchItem] public int Item { get; set; }

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>A record context over a stream: item contexts are <c>with</c> clones.</summary>
[BatchContext(MaxDegreeOfParallelism = 2, KeepResults = true)]
public sealed partial record PriceBatch(string Currency)
{
    [BatchItems] public IAsyncEnumerable<int>? Cents { get; init; }

    [BatchItem] public int Cent { get; init; }

    [PerItem] public List<string> Notes { get; init; } = [];

    [ItemOutput] public decimal? Price { get; set; }

    [BatchOutputs] public List<decimal> Prices { get; } = [];
}

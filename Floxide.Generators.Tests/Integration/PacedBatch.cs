namespace Floxide.Generators.Tests.Integration;

/// <summary>A batch whose items' attempts may start twice a second, over every batch of the type on one clock.</summary>
[BatchContext]
[RateLimit(PermitsPerSecond = 2)]
public sealed partial class PacedBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }
}

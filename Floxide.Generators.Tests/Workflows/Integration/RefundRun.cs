namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A context whose running calls always finish once canceled: an unbounded period (-1) in its options.</summary>
[BatchContext(CancellationGracePeriodMs = -1)]
public partial class RefundRun
{
    [BatchItems]
    public List<int> Items { get; set; } = [];

    [BatchItem]
    public int Item { get; set; }
}

using Floxide.Runtime.Tests.Support;

namespace Floxide.Generators.Tests.Integration;

/// <summary>A batch whose items time out after 30 s, each attempt's workflow hanging in its second step until then.</summary>
[BatchContext]
[Timeout(Ms = 30_000)]
public sealed partial class HangBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    /// <summary>Set once an item's workflow is in the step that hangs.</summary>
    [Shared] public Signal Hanging { get; init; } = new();
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A class context with an explicitly implemented auto-property: the class cannot name it, so its item contexts
/// copy it through the interface.
/// </summary>
[BatchContext]
public sealed partial class CaptionBatch : ICaptioned
{
    [BatchItems] public IReadOnlyList<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    [ItemOutput] public string? Seen { get; set; }

    [BatchOutputs] public List<string> Seens { get; } = [];

    string ICaptioned.Caption { get; set; } = "initial";
}

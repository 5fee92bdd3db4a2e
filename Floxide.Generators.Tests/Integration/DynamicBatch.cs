namespace Floxide.Generators.Tests.Integration;

/// <summary>Dynamic items: the implemented interface spells them <c>object</c>, since C# forbids <c>dynamic</c> there.</summary>
[BatchContext]
public partial class DynamicBatch
{
    [BatchItems] public IReadOnlyList<dynamic> Values { get; init; } = [];

    [BatchItem] public dynamic? Value { get; set; }

    [ItemOutput] public string? Text { get; set; }

    [BatchOutputs] public List<string> Texts { get; } = [];
}

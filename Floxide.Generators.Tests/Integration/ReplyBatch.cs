namespace Floxide.Generators.Tests.Integration;

/// <summary>A durable context whose output is text, as a model's reply is: saved as JSON by the generated codec.</summary>
[BatchContext(DurableJson = typeof(RowJson))]
public sealed partial class ReplyBatch
{
    [BatchItems] public IReadOnlyList<string> Prompts { get; init; } = [];

    [BatchItem] public string Prompt { get; set; } = "";

    [ItemOutput] public string Reply { get; set; } = "";

    [BatchOutputs] public List<string> Replies { get; } = [];
}

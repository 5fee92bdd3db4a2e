namespace Floxide.Generators.BatchContext;

/// <summary>
/// The type names every part of a <c>[BatchContext]</c>'s generated file spells (<see cref="BatchContextEmitter"/>,
/// <see cref="ItemContextFactoryEmitter"/>, <see cref="DurableCodecEmitter"/>).
/// </summary>
internal sealed class BatchContextTypeNames
{
    /// <summary>The runtime's namespace as generated code spells it, ready for a type name.</summary>
    public const string Runtime = "global::Floxide.";

    /// <summary>Spells the names of <paramref name="model"/>'s context and item.</summary>
    public BatchContextTypeNames(BatchContextModel model)
    {
        Self = model.Hierarchy.FullyQualifiedName;
        Item = model.ItemType;
        Contract = $"{Runtime}IBatchContext<{Self}, {Item}>";
        Streaming = $"{Runtime}IStreamingBatchContext<{Self}, {Item}>";
        Results = $"{Runtime}BatchResults<{Self}, {Item}>";
    }

    /// <summary>The context type.</summary>
    public string Self { get; }

    /// <summary>The item type.</summary>
    public string Item { get; }

    /// <summary><c>IBatchContext&lt;Self, Item&gt;</c>.</summary>
    public string Contract { get; }

    /// <summary><c>IStreamingBatchContext&lt;Self, Item&gt;</c>.</summary>
    public string Streaming { get; }

    /// <summary><c>BatchResults&lt;Self, Item&gt;</c>.</summary>
    public string Results { get; }

    /// <summary>The <c>[GeneratedCode]</c> attribute every generated member carries.</summary>
    public string GeneratedCode => GeneratorInfo.GeneratedCodeAttribute;
}

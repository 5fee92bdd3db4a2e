using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>Everything the emitter needs for one valid <c>[BatchContext]</c> type; plain values only.</summary>
internal sealed record BatchContextModel
{
    /// <summary>Where the partial declaration goes.</summary>
    public required HierarchyInfo Hierarchy { get; init; }

    /// <summary>The item type, fully qualified (<c>TItem</c>).</summary>
    public required string ItemType { get; init; }

    /// <summary>Whether item contexts are cloned with <c>with</c> (records) rather than built by a generated constructor (classes).</summary>
    public required bool IsRecord { get; init; }

    /// <summary>The [BatchItems] member.</summary>
    public required string ItemsMember { get; init; }

    /// <summary>Whether the items are an <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    public required bool ItemsAreStream { get; init; }

    /// <summary>The [BatchItem] member that receives the item.</summary>
    public required string SlotMember { get; init; }

    /// <summary>The other assignments of the item-context factory, in declaration order.</summary>
    public required EquatableArray<ItemContextMember> Members { get; init; }

    /// <summary>Whether the class relies on the implicit parameterless constructor, which the generated constructor would hide, so it is declared explicitly.</summary>
    public required bool DeclaresDefaultConstructor { get; init; }

    /// <summary>Whether the generated constructor must carry <c>[SetsRequiredMembers]</c>.</summary>
    public required bool SetsRequiredMembers { get; init; }

    /// <summary>The [ItemOutput] member, or null.</summary>
    public required string? ItemOutputMember { get; init; }

    /// <summary>The [BatchOutputs] member, or null.</summary>
    public required string? BatchOutputsMember { get; init; }

    /// <summary>Whether the outputs collection is declared nullable.</summary>
    public required bool BatchOutputsMayBeNull { get; init; }

    /// <summary>The outputs collection's element type, fully qualified, or null.</summary>
    public required string? OutputElementType { get; init; }

    /// <summary>Whether null outputs are skipped (a nullable output into a collection of non-nullable elements).</summary>
    public required bool UnwrapOutput { get; init; }

    /// <summary>The [BatchContext] default limit, or null for the runtime's default.</summary>
    public required int? MaxDegreeOfParallelism { get; init; }

    /// <summary>The [BatchContext] grace period in milliseconds (-1 for no end), or null for none, the runtime's default.</summary>
    public required int? CancellationGracePeriodMs { get; init; }

    /// <summary>Whether results are merged as they arrive (<c>IStreamingBatchContext</c>).</summary>
    public required bool StreamResults { get; init; }

    /// <summary>The accessibility of the generated members whose signatures mention the item type (public unless the item type is less accessible).</summary>
    public required Accessibility FactoryAccessibility { get; init; }

    /// <summary>The item-level resilience its [Retry], [Timeout] and [RateLimit] declare (in <c>DefaultBatchOptions</c>), or null.</summary>
    public required Floxide.Generators.Resilience.ResilienceModel? Resilience { get; init; }

    /// <summary>What its [AdaptiveConcurrency] declares (in <c>DefaultBatchOptions</c>), or null.</summary>
    public required Floxide.Generators.Resilience.AdaptiveConcurrencyModel? AdaptiveConcurrency { get; init; }

    /// <summary>The <c>DurableJson</c> context, fully qualified, or null when the context is not durable.</summary>
    public required string? DurableJson { get; init; }

    /// <summary>The [ItemOutput] member's type, fully qualified, or null.</summary>
    public required string? ItemOutputType { get; init; }

    /// <summary>
    /// Whether the [ItemOutput] is declared <c>dynamic</c>: the generated code then casts it to the type it needs before
    /// passing it on, so that no call binds at run time (reflection, and a trimming and AOT hazard).
    /// </summary>
    public required bool ItemOutputIsDynamic { get; init; }

    /// <summary>The item type's [ItemKey] member and how it is printed, or null when a durable context identifies items by input position.</summary>
    public required ItemKeyModel? ItemKey { get; init; }
}

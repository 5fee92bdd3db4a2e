using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>Everything the emitter needs for one valid <c>[BatchContext]</c> type; plain values only.</summary>
/// <param name="Hierarchy">Where the partial declaration goes.</param>
/// <param name="ItemType">The item type, fully qualified (<c>TItem</c>).</param>
/// <param name="IsRecord">Whether item contexts are cloned with <c>with</c> (records) rather than built by a generated constructor (classes).</param>
/// <param name="ItemsMember">The [BatchItems] member.</param>
/// <param name="ItemsAreStream">Whether the items are an <c>IAsyncEnumerable&lt;T&gt;</c>.</param>
/// <param name="ItemsMayBeNull">Whether the items member is declared nullable (the getter then checks it).</param>
/// <param name="SlotMember">The [BatchItem] member that receives the item.</param>
/// <param name="Members">The other assignments of the item-context factory, in declaration order.</param>
/// <param name="DeclaresDefaultConstructor">Whether the class relies on the implicit parameterless constructor, which the generated constructor would hide, so it is declared explicitly.</param>
/// <param name="SetsRequiredMembers">Whether the generated constructor must carry <c>[SetsRequiredMembers]</c>.</param>
/// <param name="ItemOutputMember">The [ItemOutput] member, or null.</param>
/// <param name="BatchOutputsMember">The [BatchOutputs] member, or null.</param>
/// <param name="BatchOutputsMayBeNull">Whether the outputs collection is declared nullable.</param>
/// <param name="OutputElementType">The outputs collection's element type, fully qualified, or null.</param>
/// <param name="UnwrapOutput">Whether null outputs are skipped (a nullable output into a collection of non-nullable elements).</param>
/// <param name="MaxDegreeOfParallelism">The [BatchContext] default limit, or null for the runtime's default.</param>
/// <param name="StreamResults">Whether results are merged as they arrive (<c>IStreamingBatchContext</c>).</param>
/// <param name="FactoryAccessibility">The accessibility of the generated members whose signatures mention the item type (public unless the item type is less accessible).</param>
internal sealed record BatchContextModel(
    HierarchyInfo Hierarchy,
    string ItemType,
    bool IsRecord,
    string ItemsMember,
    bool ItemsAreStream,
    bool ItemsMayBeNull,
    string SlotMember,
    EquatableArray<ItemContextMember> Members,
    bool DeclaresDefaultConstructor,
    bool SetsRequiredMembers,
    string? ItemOutputMember,
    string? BatchOutputsMember,
    bool BatchOutputsMayBeNull,
    string? OutputElementType,
    bool UnwrapOutput,
    int? MaxDegreeOfParallelism,
    bool StreamResults,
    Accessibility FactoryAccessibility);

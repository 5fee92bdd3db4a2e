using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// A <c>[BatchContext]</c> type as <see cref="BatchContextReader"/> reads it: its members in their roles, and
/// every rule it breaks. The analyzer reports <see cref="DeclarationDefinition.Problems"/>; the generator turns a valid definition
/// into a <see cref="BatchContextModel"/>, so the two can never disagree. Holds symbols and locations, so it
/// never enters a pipeline step: only <see cref="ToModel"/> does.
/// </summary>
internal sealed class BatchContextDefinition : DeclarationDefinition
{
    public BatchContextDefinition(INamedTypeSymbol type, Compilation compilation)
        : base(type)
    {
        Compilation = compilation;
    }

    /// <summary>The compilation it was read in (for accessibility questions).</summary>
    public Compilation Compilation { get; }

    /// <summary>Its fields and properties, each with its roles (empty until R1 passes).</summary>
    public IReadOnlyList<BatchMember> Members { get; set; } = [];

    /// <summary>The one usable [BatchItems] member, once found.</summary>
    public BatchMember? Items { get; set; }

    /// <summary>The items' element type, once the items member is known to be a sequence.</summary>
    public ITypeSymbol? ItemType { get; set; }

    /// <summary>Whether the items are an <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    public bool ItemsAreStream { get; set; }

    /// <summary>The one usable [BatchItem] member, once found.</summary>
    public BatchMember? Slot { get; set; }

    /// <summary>The one usable [ItemOutput] member, if any.</summary>
    public BatchMember? Output { get; set; }

    /// <summary>The one usable [BatchOutputs] member, if any.</summary>
    public BatchMember? Outputs { get; set; }

    /// <summary>The outputs collection's element type, when there is one.</summary>
    public ITypeSymbol? OutputElementType { get; set; }

    /// <summary>Whether null outputs are skipped (a nullable output into a collection of non-nullable elements).</summary>
    public bool UnwrapOutput { get; set; }

    /// <summary>The <c>MaxDegreeOfParallelism</c> argument, when valid.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>The <c>CancellationGracePeriodMs</c> argument when valid and not 0 (-1 for no end), else null.</summary>
    public int? CancellationGracePeriodMs { get; set; }

    /// <summary>Whether results merge as they arrive: true unless <c>KeepResults = true</c>.</summary>
    public bool StreamResults { get; set; }

    /// <summary>The item-level resilience its [Retry], [Timeout] and [RateLimit] declare, or null.</summary>
    public Floxide.Generators.Resilience.ResilienceModel? Resilience { get; set; }

    /// <summary>What its [AdaptiveConcurrency] declares, or null.</summary>
    public Floxide.Generators.Resilience.AdaptiveConcurrencyModel? AdaptiveConcurrency { get; set; }

    /// <summary>
    /// The readers its [AdaptiveConcurrency] names by <c>nameof(Type.M)</c>, which the generated code calls through their
    /// types: the file silences what deprecates them (<see cref="DeprecationIds"/>).
    /// </summary>
    public List<IMethodSymbol> ReadersOfOtherTypes { get; } = [];

    /// <summary>The <c>DurableJson</c> context, when given (the durable members are emitted only when it can serialize what they need).</summary>
    public INamedTypeSymbol? DurableJson { get; set; }

    /// <summary>
    /// The item type's one [ItemKey] member with the format R14 found for it, when it has one that can be printed (a
    /// durable context then keys items by it).
    /// </summary>
    public ItemKeyModel? ItemKey { get; set; }

    /// <summary>
    /// Set when the type is refused for a reason another diagnostic explains: the compiler's (a type that does
    /// not resolve, an attribute repeated on two partial declarations, a struct), or another Floxide analyzer's
    /// (FLX0001 for a type that is not partial, FLX0013 for a limit below 1).
    /// </summary>
    public bool IsExplainedElsewhere { get; set; }

    /// <summary>Whether the generator may emit the context's code.</summary>
    public bool IsValid => !IsExplainedElsewhere && Items is not null && ItemType is not null && Slot is not null
        && HasNoErrors;

    /// <summary>The accessibility of the generated members whose signatures mention the item type.</summary>
    public Accessibility FactoryAccessibility => MemberAccessibility.For(Type, ItemType!);


    /// <summary>The plain-value model of a valid definition.</summary>
    public BatchContextModel ToModel(CancellationToken cancellationToken)
    {
        var items = Items!;
        var outputsType = Outputs?.Type;
        return new BatchContextModel
        {
            Hierarchy = HierarchyInfo.From(Type, ReadersOfOtherTypes),
            ItemType = SymbolNames.FullyQualified(ItemType!),
            IsRecord = Type.IsRecord,
            ItemsMember = SymbolNames.Identifier(items.Name),
            ItemsAreStream = ItemsAreStream,
            SlotMember = SymbolNames.Identifier(Slot!.Name),
            Members = ItemContextAssignments.Collect(this, cancellationToken),
            DeclaresDefaultConstructor = !Type.IsRecord && Type.InstanceConstructors.All(c => c.IsImplicitlyDeclared),
            SetsRequiredMembers = !Type.IsRecord && HasRequiredMembers(Type),
            ItemOutputMember = Output is null ? null : SymbolNames.Identifier(Output.Name),
            BatchOutputsMember = Outputs is null ? null : SymbolNames.Identifier(Outputs.Name),
            BatchOutputsMayBeNull = outputsType is not null && outputsType.NullableAnnotation == NullableAnnotation.Annotated,
            OutputElementType = OutputElementType is null ? null : SymbolNames.FullyQualified(OutputElementType),
            UnwrapOutput = UnwrapOutput,
            MaxDegreeOfParallelism = MaxDegreeOfParallelism,
            CancellationGracePeriodMs = CancellationGracePeriodMs,
            StreamResults = StreamResults,
            FactoryAccessibility = FactoryAccessibility,
            Resilience = Resilience,
            AdaptiveConcurrency = AdaptiveConcurrency,
            DurableJson = DurableJson is null ? null : SymbolNames.FullyQualified(DurableJson),
            ItemOutputType = Output is null ? null : SymbolNames.FullyQualified(Output.Type),
            ItemOutputIsDynamic = Output?.Type.TypeKind == TypeKind.Dynamic,
            ItemKey = ItemKey,
        };
    }

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            if (current.GetMembers().Any(m => m is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true }))
            {
                return true;
            }
        }

        return false;
    }
}

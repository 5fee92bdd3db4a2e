using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>The rules about the members of a <c>[BatchContext]</c> type.</content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>FLX0002: a <c>[BatchContext]</c> type has no <c>[BatchItems]</c> member.</summary>
    public static readonly DiagnosticDescriptor MissingBatchItems = Create(
        "FLX0002",
        "A batch context needs a [BatchItems] member",
        "The batch context '{0}' has no member marked [BatchItems]; mark the member that holds the items",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "A batch runs its item workflow once per element of the context's [BatchItems] member; without one the generator has nothing to iterate.");

    /// <summary>FLX0003: more than one member of a batch context carries the same role attribute.</summary>
    public static readonly DiagnosticDescriptor DuplicateBatchMember = Create(
        "FLX0003",
        "A batch context role may be given to one member only",
        "The batch context '{0}' marks more than one member [{1}] ('{2}' is one of them); mark exactly one",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "[BatchItems], [BatchItem], [ItemOutput] and [BatchOutputs] each name a single member; with two the generator cannot know which one is meant.");

    /// <summary>FLX0004: the <c>[BatchItems]</c> member is not a sequence.</summary>
    public static readonly DiagnosticDescriptor BatchItemsNotSequence = Create(
        "FLX0004",
        "The [BatchItems] member must be a sequence",
        "The [BatchItems] member '{0}' has type '{1}', which is not an IEnumerable<T> or IAsyncEnumerable<T> of a single element type",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The items member must be an IEnumerable<T>, IReadOnlyList<T> or IAsyncEnumerable<T> (or a type implementing exactly one of them for one T), so that the element type is known at compile time.");

    /// <summary>FLX0005: a <c>[BatchContext]</c> type has no <c>[BatchItem]</c> slot.</summary>
    public static readonly DiagnosticDescriptor MissingBatchItem = Create(
        "FLX0005",
        "A batch context needs a [BatchItem] member",
        "The batch context '{0}' has no member marked [BatchItem] to receive each item{1}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "Each item context receives its item in the [BatchItem] member; without one the item workflow could not see which item it runs for.");

    /// <summary>FLX0006: the <c>[BatchItem]</c> slot's type is not the items' element type.</summary>
    public static readonly DiagnosticDescriptor BatchItemTypeMismatch = Create(
        "FLX0006",
        "The [BatchItem] member must have the items' element type",
        "The [BatchItem] member '{0}' has type '{1}', but the [BatchItems] member '{2}' yields '{3}'",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The generated item-context factory assigns each element of the items to the [BatchItem] member, so both must be of the same type; a non-nullable slot cannot receive the items of a sequence of nullable elements.");

    /// <summary>FLX0007: <c>[BatchOutputs]</c> without an <c>[ItemOutput]</c> member to collect.</summary>
    public static readonly DiagnosticDescriptor BatchOutputsWithoutItemOutput = Create(
        "FLX0007",
        "[BatchOutputs] needs an [ItemOutput] member",
        "The batch context '{0}' has a [BatchOutputs] member '{1}' but no [ItemOutput] member whose values it could collect",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The generated merge fills the [BatchOutputs] collection with each succeeded item's [ItemOutput] value; without an [ItemOutput] member there is nothing to collect.");

    /// <summary>FLX0008: the <c>[BatchOutputs]</c> member is not a collection of the output type.</summary>
    public static readonly DiagnosticDescriptor BatchOutputsTypeMismatch = Create(
        "FLX0008",
        "The [BatchOutputs] member must be a collection of the [ItemOutput] type",
        "The [BatchOutputs] member '{0}' has type '{1}', which is not an ICollection<T> of the [ItemOutput] type '{2}' (for exactly one T, and not an array)",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The generated merge adds every succeeded item's output to the [BatchOutputs] member, so it must implement ICollection<T> for exactly one T, the [ItemOutput] member's type (a nullable value type T? output is unwrapped into a collection of T); arrays have a fixed size and are rejected.");

    /// <summary>FLX0009: a <c>[PerItem]</c> member's type cannot be created with <c>new()</c>.</summary>
    public static readonly DiagnosticDescriptor PerItemNeedsParameterlessConstructor = Create(
        "FLX0009",
        "A [PerItem] member's type needs a public parameterless constructor",
        "The [PerItem] member '{0}' has type '{1}', which has no accessible parameterless constructor",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "Each item context gets a fresh instance of a [PerItem] member, created with new(): the type must be a struct, a non-abstract class with a parameterless constructor the context can access, or a type parameter constrained to new(). Interfaces, arrays, enums and abstract classes cannot be created that way.");

    /// <summary>FLX0010: one member carries two role attributes that contradict each other.</summary>
    public static readonly DiagnosticDescriptor ConflictingMemberAttributes = Create(
        "FLX0010",
        "A batch context member may have only one role",
        "'{0}' is marked both [{1}] and [{2}], which contradict each other; keep one",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "[BatchItems], [BatchItem], [ItemOutput], [BatchOutputs], [Shared] and [PerItem] each say something different about how a member reaches the item contexts; a member can have only one of these meanings.");

    /// <summary>FLX0011: a role attribute on a member the generated code cannot use.</summary>
    public static readonly DiagnosticDescriptor UnusableBatchMember = Create(
        "FLX0011",
        "A batch context member with a role must be usable by the generated code",
        "The [{0}] member '{1}' {2}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "Role members must be instance fields or non-indexer properties. The ones the generated code reads ([BatchItems], [ItemOutput], [BatchOutputs]) need a getter; the ones it assigns on each item context ([BatchItem], [PerItem]) must be assignable: in a class, any field or a property with a setter or a plain get-only auto-property (set by the generated constructor); in a record (copied with 'with'), a non-readonly field or a property with set or init.");

    /// <summary>FLX0012: a role attribute on a member of a type that is not a batch context.</summary>
    public static readonly DiagnosticDescriptor MemberAttributeOutsideBatchContext = Create(
        "FLX0012",
        "Batch member attributes have no effect outside a [BatchContext] type",
        "[{0}] on '{1}' has no effect because '{2}' is not marked [BatchContext]",
        BatchContextCategory,
        DiagnosticSeverity.Warning,
        "Only the members of a [BatchContext] type are read by the generator; the attribute elsewhere is a sign that [BatchContext] was forgotten.");

    /// <summary>FLX0025: a batch-context class the generated item-context constructor cannot be added to.</summary>
    public static readonly DiagnosticDescriptor UnsupportedBatchContextConstructor = Create(
        "FLX0025",
        "The batch context class cannot get its generated item-context constructor",
        "The batch context '{0}' cannot get the generated item-context constructor: {1}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "For a class (records use 'with'), the generator adds a private constructor taking the parent context and the item. That is impossible with a primary constructor (every constructor would have to chain to it), with a base class that has no accessible constructor taking no arguments, or when the class already declares a constructor with that signature.");

    /// <summary>FLX0026: <c>[ItemOutput]</c> without a <c>[BatchOutputs]</c> collection.</summary>
    public static readonly DiagnosticDescriptor ItemOutputNotCollected = Create(
        "FLX0026",
        "[ItemOutput] values are not collected",
        "The [ItemOutput] member '{0}' of '{1}' is not collected because the context has no [BatchOutputs] member, so RunAsync drops each output once its result is merged; add one, or read the outputs from the results StreamAsync yields",
        BatchContextCategory,
        DiagnosticSeverity.Warning,
        "A context that merges results as they arrive (the default) keeps no succeeded item's context: LastBatch and the report hold the counts and the failures only. Without a [BatchOutputs] collection a plain RunAsync therefore drops every output; only the results StreamAsync or StreamDurableAsync yield carry them. Not reported on a context that keeps its outputs otherwise: a durable one (DurableJson, whose codec records the [ItemOutput]), one with KeepResults = true (LastBatch keeps every item context) or one that implements OnResultsMerged.");

    /// <summary>FLX0027: a <c>[BatchContext]</c> type implements <c>IStreamingBatchContext</c> itself.</summary>
    public static readonly DiagnosticDescriptor StreamingImplementedByHand = Create(
        "FLX0027",
        "A batch context must not implement IStreamingBatchContext itself",
        "'{0}' implements IStreamingBatchContext itself; a [BatchContext] merges results as they arrive already: use the OnResultsMerged hook instead",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The generator owns the batch contract of a [BatchContext] type: unless KeepResults = true it implements IStreamingBatchContext, collecting [BatchOutputs] as results arrive and calling the OnResultsMerged hook. A hand-written MergeResults would bypass that merge, so the generator emits nothing for such a type.");

    /// <summary>FLX0028: a batch member attribute applied to a compiler-generated backing field (the <c>field:</c> target).</summary>
    public static readonly DiagnosticDescriptor MemberAttributeOnBackingField = Create(
        "FLX0028",
        "Batch member attributes must not target a compiler-generated backing field",
        "[{0}] is applied to the compiler-generated backing field of '{1}', which generated code cannot name; {2}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "With the 'field:' target, C# puts an attribute on the backing field the compiler generates for an auto-property, a property using the 'field' keyword, a field-like event or a positional record parameter. That field has no name C# code can use, so the generated code could neither read nor assign it; the role belongs on the property itself, and an event cannot have one.");

    /// <summary>FLX0029: the <c>DurableJson</c> context of a <c>[BatchContext]</c> cannot serialize its durable state.</summary>
    public static readonly DiagnosticDescriptor DurableJsonCannotSerialize = Create(
        "FLX0029",
        "The DurableJson context cannot serialize the durable state",
        "'{0}' names '{1}' as its DurableJson context, which {2}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "A durable batch context records each item's fingerprint (from the item's JSON) and its [ItemOutput] (as JSON) through the source-generated JsonSerializerContext named by DurableJson, without reflection. That context must derive from JsonSerializerContext and name the item type and the [ItemOutput] type in [JsonSerializable]; otherwise the generated codec could not find their metadata at run time.");

    /// <summary>FLX0030: the item type of a durable <c>[BatchContext]</c> has more than one <c>[ItemKey]</c> member.</summary>
    public static readonly DiagnosticDescriptor MultipleItemKeys = Create(
        "FLX0030",
        "An item type has more than one [ItemKey]",
        "The items of '{0}' cannot be keyed: '{1}' has more than one [ItemKey] member ('{2}'); keep one",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "A durable batch context identifies each item by its one [ItemKey] member (or by input position when there is none). With several, which one identifies the item would be a guess, and a wrong guess resumes the wrong items.");

    /// <summary>FLX0031: the <c>[ItemKey]</c> member of a durable <c>[BatchContext]</c>'s item type cannot be read by the generated codec.</summary>
    public static readonly DiagnosticDescriptor UnreadableItemKey = Create(
        "FLX0031",
        "An [ItemKey] member must be readable by the batch context",
        "The items of '{0}' cannot be keyed by '{1}.{2}', which {3}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The codec generated for a durable batch context reads each item's key as item.Key, inside the context type. A static member, a property without a getter, an event or a member the context cannot access cannot be read that way, so the generated code would not compile. A parameter is no member at all, unless it is a positional record's that the record makes a property of (then that property is the key).");

    /// <summary>FLX0032: the <c>[ItemKey]</c> member of a durable <c>[BatchContext]</c>'s item type has no stable string form.</summary>
    public static readonly DiagnosticDescriptor ItemKeyWithoutStringForm = Create(
        "FLX0032",
        "An [ItemKey] member's type must have a stable string form",
        "The items of '{0}' cannot be keyed by '{1}.{2}': its type '{3}' neither overrides ToString() nor implements IFormattable, so every item would get the same key; override ToString() with a form unique to each value, or key by a string, number, Guid, date or record",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The codec generated for a durable batch context stores each item under the string form of its [ItemKey] member. A class, struct or array that neither overrides ToString() nor implements IFormattable prints its type's name, the same for every item: the store would keep one record for all of them, silently losing the others, and a rerun would stop with DurableSourceChangedException over an unchanged source.");

    /// <summary>FLX0033: settable state a class context inherits that its generated item-context constructor cannot copy.</summary>
    public static readonly DiagnosticDescriptor UncopiedInheritedState = Create(
        "FLX0033",
        "Inherited state is not copied into item contexts",
        "Item contexts of '{0}' do not get the parent's '{1}' (from '{2}'): {3}",
        BatchContextCategory,
        DiagnosticSeverity.Warning,
        "A class context's generated constructor copies the settable state it inherits from the parent into each item context. Three kinds cannot be copied: a property whose override declares only a getter (copying through it would store what the getter computes, and the base's own value cannot be read from another instance), a protected member hidden by a member of a more derived type (C# names it only through the derived type, where the name means the hiding member), and an init-only property hidden by a member of a base class between it and the context (its init accessor runs only through this or base, where the name means the hiding member). Item contexts then start with that state at its initial value, whatever the parent holds.");

    /// <summary>FLX0035: a <c>[BatchContext]</c> cancellation grace period that is negative but not -1.</summary>
    public static readonly DiagnosticDescriptor GracePeriodOutOfRange = Create(
        "FLX0035",
        "A cancellation grace period must be 0 or more, or -1",
        "[BatchContext(CancellationGracePeriodMs = {0})] on '{1}' is invalid: a grace period is 0 or more milliseconds, or -1 to let running attempts finish",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "CancellationGracePeriodMs becomes the CancellationGracePeriod of the context's generated DefaultBatchOptions: how long the attempts running when a batch is canceled may go on before their token is canceled. 0 (the default) cancels them at once and -1 (Timeout.InfiniteTimeSpan) lets them finish; BatchOptions rejects any other negative period with ArgumentOutOfRangeException, which in the generated options would fail the type's initialisation at run time, so the generator emits nothing for such a context.");
}

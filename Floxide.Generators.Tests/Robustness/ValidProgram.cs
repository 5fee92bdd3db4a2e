using System.Collections.Immutable;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// The independent choices that make one valid Floxide program: where it is declared, what its
/// <c>[BatchContext]</c> holds, its nodes and its workflows. Each choice is drawn on its own (see
/// <see cref="ValidPrograms"/>); <see cref="ProgramWriter"/> settles the combinations C# or the DSL would
/// reject (an accessibility too wide for a member's type, a protected type in a struct) into the nearest
/// valid one, so every program it writes is valid by construction. The first member of every enum (and the
/// first value of every other setting: null, 0) is the plainest, which is where a failing program shrinks to.
/// </summary>
internal sealed record ValidProgram(
    ValidProgram.Place Where,
    ValidProgram.ContextChoice Context,
    ValidProgram.ItemChoice Items,
    ValidProgram.MemberChoice Members,
    ImmutableArray<ValidProgram.NodeChoice> Nodes,
    ValidProgram.WorkflowChoice Workflow)
{
    /// <summary>The program's sources, as <see cref="ProgramWriter"/> writes them.</summary>
    public override string ToString()
    {
        var written = ProgramWriter.Write(this);
        return $"{written.Program}\n// ---- run with ----\n{written.Runner}";
    }

    public enum NamespaceStyle { FileScoped, Block, Global }

    public enum NamespaceName { Plain, Dotted, Keyword, Unicode, UnderFloxide }

    public enum ContainerKind { Class, StaticClass, Struct, Record, RecordStruct, Interface, GenericClass }

    public enum Access { Public, Internal, Private, Protected, ProtectedInternal, PrivateProtected }

    /// <summary>Where a type is declared: beside the context (in its namespace or innermost container), or inside it.</summary>
    public enum Placement { Beside, Namespace, Context }

    public enum TypeNames { Plain, Keyword, Unicode }

    public enum ContextKind { Class, SealedClass, Record, SealedRecord, PositionalRecord }

    public enum GenericKind { None, Unconstrained, Class, Struct, New, NotNull }

    public enum ConstructorKind { None, Parameterless, WithParameter, Both }

    public enum ItemKind { Int, String, NullableInt, NullableString, Record, Tuple, TupleAlias, Dynamic, TypeParameter, ContainerTypeParameter, NestedGeneric }

    public enum ItemsShape { List, Enumerable, ReadOnlyList, Array, AsyncEnumerable, Custom }

    public enum MemberForm { Property, InitProperty, Field, GetOnlyProperty, ReadOnlyField, Positional }

    public enum SharedKind { None, Helper, Object }

    public enum PerItemKind { None, List, StringBuilder, Helper, TypeParameter, Dictionary }

    public enum CollectionKind { List, Collection, HashSet }

    /// <summary>Plain state every item context copies from its parent.</summary>
    [Flags]
    public enum CopiedMembers
    {
        None = 0,
        Settable = 1,
        ReadOnlyField = 2,
        Init = 4,
        GetOnly = 8,
        Required = 16,
        KeywordName = 32,
        Event = 64,
        UnicodeName = 128,
        FieldKeyword = 256,
        StaticAndConst = 512,
        TypeParameter = 1024,
        ExplicitInterface = 2048,
    }

    public enum ResultKind { Void, Bool, Enum, Action }

    public enum AwaitKind { Sync, Task, ValueTask }

    public enum WorkflowKind { None, Linear, Nested, Batch }

    public enum LinkStyle { Route, Fallback }

    /// <summary>Whether an attribute with optional settings is declared, and with its settings or bare.</summary>
    public enum AttributeForm { None, Bare, WithSettings }

    /// <summary>A declared <c>CancellationGracePeriodMs</c>: not written, 0, a positive period, or -1 (let attempts run to their end).</summary>
    public enum GracePeriod { None, Zero, Positive, Unbounded }

    /// <summary>The exception types a <c>[Retry]</c>'s <c>On</c> names: none written, a type the program declares, a framework type, both.</summary>
    public enum RetryOn { Any, Declared, Framework, Both }

    /// <summary>The settings an <c>[AdaptiveConcurrency]</c> with settings writes.</summary>
    [Flags]
    public enum AdaptiveSettings
    {
        None = 0,
        InitialLevel = 1,
        MinimumLevel = 2,
        DecreaseFactor = 4,
        LatencyThreshold = 8,
        NoBuiltInSignals = 16,
        IsThrottled = 32,
        RetryAfter = 64,
    }

    /// <summary>A helper type's place and declared accessibility (settled by <see cref="ProgramWriter"/>).</summary>
    public sealed record HelperChoice(Placement Placement, Access Access);

    /// <summary>The namespace and the types the context is nested in (outermost first, at most two).</summary>
    public sealed record Place(NamespaceStyle Style, NamespaceName Name, ImmutableArray<ContainerKind> Containers, bool InternalContainer);

    public sealed record ContextChoice(
        ContextKind Kind, GenericKind Generic, Access Access, TypeNames Names, bool CaseTwin, ConstructorKind Constructor, bool StreamResults, int MaxDegreeOfParallelism,
        GracePeriod GracePeriod, ResilienceChoice Resilience, AdaptiveChoice Adaptive);

    /// <summary>
    /// A <c>[Retry]</c>, and with settings, each written or (null) left at its default, and where the exception type its
    /// <c>On</c> declares goes (the first <c>[Retry]</c> that names it declares it).
    /// </summary>
    public sealed record RetryChoice(AttributeForm Form, int? MaxAttempts, int? DelayMs, RetryBackoff? Backoff, bool? Jitter, RetryOn On, HelperChoice OnType);

    /// <summary>The resilience attributes of a context or node; a timeout or rate of 0 is none.</summary>
    public sealed record ResilienceChoice(RetryChoice Retry, int TimeoutMs, int PermitsPerSecond);

    /// <summary>An <c>[AdaptiveConcurrency]</c> on the context, and the settings it writes when it has settings.</summary>
    public sealed record AdaptiveChoice(AttributeForm Form, AdaptiveSettings Settings);

    /// <summary>The item type, the [BatchItems] member and the [BatchItem] slot.</summary>
    public sealed record ItemChoice(
        ItemKind Kind, HelperChoice ItemType, ItemsShape Shape, bool ItemsNullable, MemberForm ItemsForm, Access ItemsAccess,
        HelperChoice Collection, MemberForm SlotForm, bool SlotNullable, Access SlotAccess, bool KeywordNames);

    /// <summary>Everything else the context declares.</summary>
    public sealed record MemberChoice(
        SharedKind Shared, HelperChoice SharedType, MemberForm SharedForm,
        PerItemKind PerItem, HelperChoice PerItemType, MemberForm PerItemForm,
        bool Outputs, bool OutputNullable, bool OutputInitialized, bool ElementsNullable, CollectionKind Collection, bool CollectionNullable, Access OutputAccess,
        CopiedMembers Copied);

    /// <summary>One node; the first copies the item to the output.</summary>
    public sealed record NodeChoice(
        Placement Placement, Access Access, Access MethodAccess, ResultKind Result, AwaitKind Await, bool Yields, bool TakesToken, bool InParameter, bool Generic, bool HasId,
        ResilienceChoice Resilience, int PermitLimit);

    public sealed record WorkflowChoice(
        WorkflowKind Kind, Placement Placement, Access Access, LinkStyle Link, bool GlobalEndOn, bool HasId, bool MaxSteps, HelperChoice ActionEnum, bool ActionAlias,
        GracePeriod StepGracePeriod);
}

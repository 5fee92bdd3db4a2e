using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <summary>
/// The catalog of every diagnostic Floxide reports. IDs are stable: a retired rule keeps its number
/// forever and new rules take the next free one (see <c>AnalyzerReleases.*.md</c> and <c>docs/diagnostics/</c>).
/// </summary>
/// <remarks>
/// The generator emits nothing for a type that any error here describes, so each mistake surfaces as
/// exactly one of these diagnostics rather than as compiler errors in generated code.
/// </remarks>
internal static class DiagnosticDescriptors
{
    /// <summary>The category of rules about how a <c>[BatchContext]</c> or <c>[Node]</c> type is declared.</summary>
    public const string DeclarationCategory = "Floxide.Declaration";

    /// <summary>The category of rules about the members of a <c>[BatchContext]</c> type.</summary>
    public const string BatchContextCategory = "Floxide.BatchContext";

    /// <summary>The category of rules about <c>[Node]</c> process methods and where nodes are wired.</summary>
    public const string NodeCategory = "Floxide.Node";

    /// <summary>The category of rules about concurrency: parallelism limits, shared state, blocking.</summary>
    public const string ConcurrencyCategory = "Floxide.Concurrency";

    /// <summary>The category of rules about <c>[Workflow]</c> graphs: steps, routes, start, reachability, cycles.</summary>
    public const string WorkflowCategory = "Floxide.Workflow";

    /// <summary>FLX0001: a <c>[BatchContext]</c> or <c>[Node]</c> type, or a type containing one, is not partial.</summary>
    public static readonly DiagnosticDescriptor TypeMustBePartial = Create(
        "FLX0001",
        "Floxide types and their containing types must be partial",
        "'{0}' must be declared partial: the Floxide generator adds the [{1}] implementation of '{2}' to it",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator completes a [BatchContext] or [Node] type by adding a partial declaration of it, which C# only allows when the type and every type that contains it are declared partial.");

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
        "The batch context '{0}' has no member marked [BatchItem] to receive each item of type '{1}'",
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

    /// <summary>FLX0013: a parallelism limit below 1.</summary>
    public static readonly DiagnosticDescriptor ParallelismBelowOne = Create(
        "FLX0013",
        "MaxDegreeOfParallelism must be at least 1",
        "A MaxDegreeOfParallelism of {0} is invalid: at least 1 item must be allowed to run at once",
        ConcurrencyCategory,
        DiagnosticSeverity.Error,
        "A batch with a concurrency limit below 1 could never start an item; the runtime rejects it with ArgumentOutOfRangeException, and this rule reports it while typing.");

    /// <summary>FLX0014: a mutable member that every item context would share by the default copy.</summary>
    public static readonly DiagnosticDescriptor SharedMutableMember = Create(
        "FLX0014",
        "A mutable member would be shared by every item context",
        "'{0}' has the mutable type '{1}' and is copied by reference into every item context, so concurrent items would mutate one instance; mark it [Shared] if that is intended and thread-safe, or [PerItem] to give each item its own",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "Members without a role are copied from the parent by assignment, which for a mutable collection, array or builder means every item running in parallel writes to the same instance: a data race. Say which one you mean.");

    /// <summary>FLX0015: a <c>[Node]</c> type has no process method.</summary>
    public static readonly DiagnosticDescriptor MissingProcessMethod = Create(
        "FLX0015",
        "A node needs a Process or ProcessAsync method",
        "The node '{0}' has no method named Process or ProcessAsync",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The generator implements INode<TContext> around the node's one instance method named Process or ProcessAsync; without it there is nothing to run.");

    /// <summary>FLX0016: a <c>[Node]</c> type has several process-method candidates.</summary>
    public static readonly DiagnosticDescriptor MultipleProcessMethods = Create(
        "FLX0016",
        "A node must have exactly one process method",
        "The node '{0}' has {1} members named Process or ProcessAsync; keep exactly one method",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The generator needs one unambiguous process method to implement INode<TContext>; overloads or both a Process and a ProcessAsync leave it guessing.");

    /// <summary>FLX0017: the process method's shape (parameters, static, generic) is not supported.</summary>
    public static readonly DiagnosticDescriptor UnsupportedProcessMethod = Create(
        "FLX0017",
        "The process method's signature is not supported",
        "The process method '{0}' is not supported: {1}",
        NodeCategory,
        DiagnosticSeverity.Error,
        "A process method is a non-generic instance method whose first parameter is the context and whose optional second parameter is a CancellationToken, both passed by value.");

    /// <summary>FLX0018: the process method's return type is not supported.</summary>
    public static readonly DiagnosticDescriptor UnsupportedProcessReturnType = Create(
        "FLX0018",
        "The process method's return type is not supported",
        "The process method '{0}' returns '{1}'; return void, bool, NodeAction or an enum, directly or as Task/ValueTask",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The generated RunAsync turns the result into a NodeAction: nothing means Default, a bool means Default or Stop, a NodeAction is used as is, and an enum value names the action.");

    /// <summary>FLX0019: the process method is <c>async void</c>.</summary>
    public static readonly DiagnosticDescriptor AsyncVoidProcessMethod = Create(
        "FLX0019",
        "The process method must not be async void",
        "The process method '{0}' is async void: the workflow cannot await it or see its exceptions; return ValueTask instead",
        NodeCategory,
        DiagnosticSeverity.Error,
        "An async void method returns at its first await; the workflow would move on while it still runs, and its exceptions would crash the process instead of failing the item.");

    /// <summary>FLX0020: a node is wired where a different context type is expected.</summary>
    public static readonly DiagnosticDescriptor NodeContextMismatch = Create(
        "FLX0020",
        "A node must be wired where its context type is expected",
        "The node '{0}' processes '{1}' but is passed where an INode<{2}> is expected",
        NodeCategory,
        DiagnosticSeverity.Error,
        "A node runs with the context type of its process method's first parameter; a workflow, batch node or batch flow over another context type cannot run it.");

    /// <summary>FLX0021: a blocking wait inside a node's process method.</summary>
    public static readonly DiagnosticDescriptor BlockingCallInProcessMethod = Create(
        "FLX0021",
        "Do not block on tasks inside a process method",
        "'{0}' blocks a thread-pool thread inside the process method '{1}'; await the task instead",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "Batch items run on thread-pool threads; blocking one on a task holds a worker that the batch and the task itself may need, which slows the batch down or deadlocks it. Make the method async and await.");

    /// <summary>FLX0022: a <c>[BatchContext]</c> or <c>[Node]</c> type of an unsupported kind.</summary>
    public static readonly DiagnosticDescriptor UnsupportedTypeKind = Create(
        "FLX0022",
        "The attributed type's kind is not supported",
        "'{0}' cannot be a [{1}] because it is {2}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A batch context is instantiated for every item, so it must be a non-static, non-abstract class or record class; a node is an instance implementing INode<TContext>, so it must be a non-static class or record class. Neither may be file-local: the generator's part lives in another file.");

    /// <summary>FLX0023: the type declares or inherits a member with a name the generator adds, or derives from a type with the same attribute.</summary>
    public static readonly DiagnosticDescriptor ReservedMemberName = Create(
        "FLX0023",
        "The type declares or inherits a member the generator adds",
        "'{0}' declares or inherits '{1}', which clashes with the members the generator adds to every [{2}] type; rename it, or do not derive from another [{2}] type",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator adds Id and RunAsync to a node, and LastBatch, DefaultBatchOptions, CreateBatchNode and CreateBatchFlow to a batch context; a member of the same name declared by the user, inherited from a base class, or generated for an annotated base class, would clash with them.");

    /// <summary>FLX0024: <c>[Node(Id = ...)]</c> with a null or empty id.</summary>
    public static readonly DiagnosticDescriptor EmptyNodeId = Create(
        "FLX0024",
        "A node id must not be empty",
        "The node '{0}' sets an empty or null Id; give it a name or remove the argument to use the class name",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The id names the node in errors, results and routing; the runtime rejects empty ids, so the generator does not implement a node that has one.");

    /// <summary>FLX0025: a batch-context class the generated item-context constructor cannot be added to.</summary>
    public static readonly DiagnosticDescriptor UnsupportedBatchContextConstructor = Create(
        "FLX0025",
        "The batch context class cannot get its generated item-context constructor",
        "The batch context '{0}' cannot get the generated item-context constructor: {1}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "For a class (records use 'with'), the generator adds a private constructor taking the parent context and the item. That is impossible with a primary constructor (every constructor would have to chain to it), with a base class that has no accessible parameterless constructor, or when the class already declares a constructor with that signature.");

    /// <summary>FLX0026: <c>[ItemOutput]</c> without a <c>[BatchOutputs]</c> collection.</summary>
    public static readonly DiagnosticDescriptor ItemOutputNotCollected = Create(
        "FLX0026",
        "[ItemOutput] values are not collected",
        "The [ItemOutput] member '{0}' of '{1}' is not collected because the context has no [BatchOutputs] member; add one, or read the outputs from the batch results",
        BatchContextCategory,
        DiagnosticSeverity.Warning,
        "Without a [BatchOutputs] collection each item's output stays in its item context, reachable only through the batch results (LastBatch); usually the collection was forgotten.");

    /// <summary>FLX0027: a <c>[BatchContext]</c> type implements <c>IStreamingBatchContext</c> itself.</summary>
    public static readonly DiagnosticDescriptor StreamingImplementedByHand = Create(
        "FLX0027",
        "A batch context must not implement IStreamingBatchContext itself",
        "'{0}' implements IStreamingBatchContext itself; use [BatchContext(StreamResults = true)] and the OnResultsMerged hook instead",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "The generator owns the batch contract of a [BatchContext] type: with StreamResults = true it implements IStreamingBatchContext, collecting [BatchOutputs] as results arrive and calling the OnResultsMerged hook. A hand-written MergeResults would bypass that merge, so the generator emits nothing for such a type.");

    /// <summary>FLX0028: a batch member attribute applied to a compiler-generated backing field (the <c>field:</c> target).</summary>
    public static readonly DiagnosticDescriptor MemberAttributeOnBackingField = Create(
        "FLX0028",
        "Batch member attributes must not target a compiler-generated backing field",
        "[{0}] is applied to the compiler-generated backing field of '{1}', which generated code cannot name; {2}",
        BatchContextCategory,
        DiagnosticSeverity.Error,
        "With the 'field:' target, C# puts an attribute on the backing field the compiler generates for an auto-property, a property using the 'field' keyword, a field-like event or a positional record parameter. That field has no name C# code can use, so the generated code could neither read nor assign it; the role belongs on the property itself, and an event cannot have one.");

    /// <summary>FLX0100: a <c>[Workflow]</c> type the generator cannot complete (not a non-static partial class).</summary>
    public static readonly DiagnosticDescriptor WorkflowTypeInvalid = Create(
        "FLX0100",
        "A workflow must be a non-static partial class",
        "The workflow '{0}' must be a non-static class declared partial, inside types that are partial too",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "The generator adds the executor to a [Workflow] type as another partial declaration of it, with instance fields and constructors, which needs a non-static class that it and every containing type declare partial.");

    /// <summary>FLX0101: a <c>[Workflow]</c> type declares a member the generator adds.</summary>
    public static readonly DiagnosticDescriptor WorkflowReservedMember = Create(
        "FLX0101",
        "A workflow must not declare the members the generator adds",
        "The workflow '{0}' declares '{1}', which the generator adds; remove or rename it",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "The generated executor declares Id, RunAsync, MaxSteps, Mermaid, Dot and the constructors (one taking every step, and a parameterless one when possible); a workflow that declares any of them itself would not compile.");

    /// <summary>FLX0102: a type used as a workflow step is neither a <c>[Node]</c> nor a <c>[Workflow]</c>.</summary>
    public static readonly DiagnosticDescriptor StepIsNotANode = Create(
        "FLX0102",
        "A workflow step must be a [Node] or a [Workflow]",
        "'{0}' is used as a step of the workflow '{1}' but is neither a [Node] nor a [Workflow] class",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "The generator calls each step through the code generated for it: a [Node]'s process method or adapter, or a nested [Workflow]'s executor. Any other type has neither.");

    /// <summary>FLX0103: a step runs on another context type than its workflow.</summary>
    public static readonly DiagnosticDescriptor StepContextMismatch = Create(
        "FLX0103",
        "A workflow step must run on the workflow's context type",
        "The step '{0}' runs on '{1}' but the workflow '{2}' runs on '{3}'",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Every step of a workflow receives the workflow's context; a step declared on another type would not receive the state it expects.");

    /// <summary>FLX0104: a workflow has no <c>[Start]</c>.</summary>
    public static readonly DiagnosticDescriptor MissingStart = Create(
        "FLX0104",
        "A workflow needs a start step",
        "The workflow '{0}' has no [Start(typeof(...))]; name the step that runs first",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A run begins at the start step; without one there is nothing to run.");

    /// <summary>FLX0105: a workflow has more than one <c>[Start]</c>.</summary>
    public static readonly DiagnosticDescriptor DuplicateStart = Create(
        "FLX0105",
        "A workflow has exactly one start step",
        "The workflow '{0}' already starts with '{1}'; it cannot also start with '{2}'",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A run begins at one step. Keep one [Start] and route to the other step instead.");

    /// <summary>FLX0106: an action a step can return has no route and is not terminal.</summary>
    public static readonly DiagnosticDescriptor UnroutedAction = Create(
        "FLX0106",
        "Every action a step can return needs a route or an end",
        "The step '{0}' of the workflow '{1}' can return '{2}', which has no route and is not terminal; the run would fail with UnroutedActionException",
        WorkflowCategory,
        DiagnosticSeverity.Warning,
        "Like a switch over an enum, a workflow should say what happens for every action a step can return: a [Route], a [Fallback] for the step, or an [EndOn]. Actions of steps that return a NodeAction computed at run time are not checked.");

    /// <summary>FLX0107: a step cannot be reached from the start.</summary>
    public static readonly DiagnosticDescriptor UnreachableStep = Create(
        "FLX0107",
        "Every workflow step must be reachable from the start",
        "The step '{0}' of the workflow '{1}' cannot be reached from the start step '{2}'",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A step that no route leads to never runs; usually a route to it is missing or names the wrong step. The run-time WorkflowBuilder rejects the same graph.");

    /// <summary>FLX0108: the same route is declared twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateRoute = Create(
        "FLX0108",
        "A route is declared twice",
        "The workflow '{0}' declares {1} of '{2}' more than once; remove the duplicate",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Each (step, action) pair, and each step's fallback, is declared once; a copy is usually an edit that went wrong.");

    /// <summary>FLX0109: two routes for the same step and action lead to different places.</summary>
    public static readonly DiagnosticDescriptor ConflictingRoute = Create(
        "FLX0109",
        "Routes for the same step and action conflict",
        "The workflow '{0}' routes {1} of '{2}' to '{3}' and also to '{4}'; keep one",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A step's action, or its fallback, leads to one place only.");

    /// <summary>FLX0110: the graph has a cycle but no step limit.</summary>
    public static readonly DiagnosticDescriptor CycleWithoutStepLimit = Create(
        "FLX0110",
        "A workflow with a cycle needs a step limit",
        "The workflow '{0}' has a cycle ({1}) but no step limit; set MaxSteps on its [Workflow] attribute",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A cycle that never takes its exit runs forever. With MaxSteps the run fails with StepLimitExceededException instead; the run-time WorkflowBuilder requires the same.");

    /// <summary>FLX0111: an attribute argument of a workflow is invalid.</summary>
    public static readonly DiagnosticDescriptor InvalidWorkflowArgument = Create(
        "FLX0111",
        "A workflow attribute argument is invalid",
        "The workflow '{0}' has an invalid argument: {1}",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Actions are non-empty strings or enum members, step and context arguments are named types, the id is not empty, and MaxSteps is 0 (no limit) or more.");

    /// <summary>FLX0112: a batch step on a context that is not a <c>[BatchContext]</c>.</summary>
    public static readonly DiagnosticDescriptor BatchStepNeedsBatchContext = Create(
        "FLX0112",
        "A batch step needs a [BatchContext] context",
        "The step '{0}' of the workflow '{1}' runs as a batch, but the context '{2}' is not a [BatchContext]",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A [BatchStep] runs through the CreateBatchNode factory that the generator adds to a [BatchContext] type; without it there are no items and no item contexts.");

    /// <summary>FLX0113: a workflow contains itself, directly or through nested workflows.</summary>
    public static readonly DiagnosticDescriptor RecursiveWorkflow = Create(
        "FLX0113",
        "A workflow cannot contain itself",
        "The workflow '{0}' contains itself through its step '{1}'",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Each step is an instance held by its workflow; a workflow nested in itself would need infinitely many instances. Use a cycle with a step limit instead.");

    /// <summary>FLX0114: two steps of a workflow share an id.</summary>
    public static readonly DiagnosticDescriptor DuplicateStepId = Create(
        "FLX0114",
        "Workflow steps need distinct ids",
        "The steps '{0}' and '{1}' of the workflow '{2}' share the id '{3}'; give one of them another id",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Errors and results name steps by id; the run-time WorkflowBuilder rejects two nodes with one id for the same reason.");

    /// <summary>FLX0115: a <c>[Workflow]</c> type is also a <c>[Node]</c> or a <c>[BatchContext]</c>.</summary>
    public static readonly DiagnosticDescriptor WorkflowHasAnotherRole = Create(
        "FLX0115",
        "A workflow cannot also be a [Node] or a [BatchContext]",
        "The workflow '{0}' is also marked [{1}], whose generated members would clash with the workflow's; give the [{1}] role to a type of its own",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A workflow is already a node: the generator gives it an Id, a RunAsync and constructors. [Node] would add a second Id and RunAsync, and [BatchContext] a second parameterless constructor, so the generator emits no workflow for such a type.");

    /// <summary>FLX0116: a batch step's context has private factories (its item type is private to it) and the workflow is outside it.</summary>
    public static readonly DiagnosticDescriptor BatchStepCannotReachFactory = Create(
        "FLX0116",
        "A batch step's workflow must be able to reach the context's factories",
        "The batch step '{0}' of the workflow '{1}' needs '{2}.CreateBatchNode', which is private because the item type is private to '{2}'; declare the workflow inside '{2}', or make the item type internal",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Generated members take the accessibility their types allow, so a context whose item type is private to it gets private CreateBatchNode and CreateBatchFlow factories. A workflow declared outside the context cannot call them, so the generator emits no workflow for it.");

    /// <summary>The help link of a diagnostic: its page under <c>docs/diagnostics/</c> in the repository.</summary>
    /// <param name="id">The diagnostic ID.</param>
    /// <returns>The absolute URL of the page.</returns>
    public static string HelpLink(string id) => "https://github.com/floxide-dotnet/floxide/blob/main/docs/diagnostics/" + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
}

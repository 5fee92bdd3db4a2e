using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>The rules about <c>[Workflow]</c> graphs.</content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>FLX0100: a <c>[Workflow]</c> type the generator cannot complete (not a non-static partial class).</summary>
    public static readonly DiagnosticDescriptor WorkflowTypeInvalid = Create(
        "FLX0100",
        "A workflow must be a non-static partial class",
        "The workflow '{0}' must be a non-static class declared partial, inside types that are partial too",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "The generator adds the executor to a [Workflow] type as another partial declaration of it, with instance fields and constructors, which needs a non-static class that it and every containing type declare partial.");

    /// <summary>
    /// FLX0101: a <c>[Workflow]</c> type declares or inherits a member the generator adds, or is itself named like one
    /// (arguments: <see cref="Helpers.ReservedNameClash"/>).
    /// </summary>
    public static readonly DiagnosticDescriptor WorkflowReservedMember = Create(
        "FLX0101",
        "A workflow must not declare or inherit the members the generator adds",
        "The workflow '{0}' {1}, which the generator adds; {2}",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "The generated executor declares Id, RunAsync, MaxSteps, Mermaid, Dot, the private helpers ResumeAsync, RunTracedAsync, Next, StepId and StepSpanName, and the constructors (one taking every step, and a parameterless one when possible); a workflow that declares any of them itself would not compile, and one that inherits a member of these names (in sight: not private, nor internal to another assembly) from a base class, or derives from a [Workflow] or [Node] class, would hide it. A workflow named like one of these members, or with a type parameter so named, is reported too: C# allows no member named like its type (CS0542) or its type parameter (CS0102).");

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
        "Actions are non-empty strings or enum members, step and context arguments are closed named types (no open generic such as typeof(Gen<>), nor a step closed over a file-local type), steps and a batch step's context are declared in this project (the generator reads their declarations), the id is not empty, MaxSteps is 0 (no limit) or more, and a batch step's CancellationGracePeriodMs is 0 or more, or -1 (no end), as BatchOptions.CancellationGracePeriod requires.");

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

    /// <summary>
    /// FLX0114: two steps of a workflow share an id. The last argument is the advice: another id, or, for two closings of
    /// one generic step (whose id comes from its one declaration), only one closing.
    /// </summary>
    public static readonly DiagnosticDescriptor DuplicateStepId = Create(
        "FLX0114",
        "Workflow steps need distinct ids",
        "The steps '{0}' and '{1}' of the workflow '{2}' share the id '{3}'; {4}",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "Errors and results name steps by id; the run-time WorkflowBuilder rejects two nodes with one id for the same reason. Two closings of one generic step (G<int> and G<string>) share the id of its one declaration, so a workflow can use only one of them.");

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

    /// <summary>FLX0117: the base class of a <c>[Workflow]</c> has no parameterless constructor the generated constructors can call.</summary>
    public static readonly DiagnosticDescriptor WorkflowBaseWithoutParameterlessConstructor = Create(
        "FLX0117",
        "A workflow's base class must have a parameterless constructor it can call",
        "The workflow '{0}' derives from '{1}', which has no parameterless constructor '{0}' can call; the generated constructors call base()",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "The generator writes the workflow's constructors (one taking every step, and a parameterless one when possible), and they can only call the base class's constructor without arguments. A base class without an accessible constructor that takes none would leave the generated file uncompilable (CS7036), so the generator emits no workflow for such a type.");

    /// <summary>FLX0118: a step has more than one <c>[BatchStep]</c>.</summary>
    public static readonly DiagnosticDescriptor DuplicateBatchStep = Create(
        "FLX0118",
        "A step has at most one [BatchStep]",
        "The workflow '{0}' already runs '{1}' per item by an earlier [BatchStep]; keep one [BatchStep] for it, with the settings it should have",
        WorkflowCategory,
        DiagnosticSeverity.Error,
        "A step runs per item under one set of batch settings (Id, MaxDegreeOfParallelism, ErrorMode, FailureAction). With two [BatchStep] attributes for it, one would silently override the other, so the generator emits no workflow until one is left; an identical copy is reported too, as an edit that went wrong.");

    /// <summary>FLX0119: a route, an end or a terminal action names an action no step it applies to can return.</summary>
    public static readonly DiagnosticDescriptor NeverReturnedAction = Create(
        "FLX0119",
        "A route or end names an action the step never returns",
        "The workflow '{0}' {1} the action '{2}', which {3}",
        WorkflowCategory,
        DiagnosticSeverity.Warning,
        "A route or [EndOn] for an action the step cannot return is never taken: usually a misspelt string, a renamed enum member, another enum's member or a value no member has. The step's real action then goes elsewhere (to its fallback, silently, or to an UnroutedActionException). Checked only where the actions are known: steps returning nothing, bool, an enum (a [Flags] one with the combinations Enum.ToString names), and batch steps; a global [EndOn(action)] only when no step can return it.");
}

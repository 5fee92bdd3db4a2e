using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Floxide.Generators.Nodes;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;
using static Floxide.Generators.Names.FloxideAttributes;
using static Floxide.Generators.Workflows.WorkflowAttributes;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Reads what each step of a workflow is, once the graph has named them: a <c>[Node]</c> (its process
/// method and the actions it can return) or a nested <c>[Workflow]</c>, on which context, run how, and
/// with which batch arguments.
/// </summary>
/// <remarks>
/// Rules: steps that are <c>[Node]</c> or <c>[Workflow]</c> types (FLX0102) on the workflow's context
/// (FLX0103), not containing the workflow (FLX0113), with distinct ids (FLX0114); batch steps with valid
/// arguments (FLX0111) on a <c>[BatchContext]</c> (FLX0112) whose factories the workflow can reach (FLX0116).
/// Steps and batch contexts of referenced assemblies, whose declarations cannot be read, are FLX0111. A step of this
/// project that is itself invalid marks the definition instead: its own diagnostics explain it.
/// </remarks>
internal sealed class WorkflowStepReader
{
    private readonly WorkflowDefinition _definition;
    private readonly Compilation _compilation;
    private readonly Dictionary<INamedTypeSymbol, WorkflowDefinition> _nestedReads;
    private readonly CancellationToken _cancellationToken;

    private WorkflowStepReader(WorkflowDefinition definition, Compilation compilation, Dictionary<INamedTypeSymbol, WorkflowDefinition> nestedReads, CancellationToken cancellationToken)
    {
        _definition = definition;
        _compilation = compilation;
        _nestedReads = nestedReads;
        _cancellationToken = cancellationToken;
    }

    private INamedTypeSymbol Workflow => _definition.Type;

    /// <summary>Reads every step of <paramref name="definition"/>; a nested workflow read already is taken from <paramref name="nestedReads"/>.</summary>
    public static void Read(WorkflowDefinition definition, Compilation compilation, Dictionary<INamedTypeSymbol, WorkflowDefinition> nestedReads, CancellationToken cancellationToken)
    {
        var reader = new WorkflowStepReader(definition, compilation, nestedReads, cancellationToken);
        foreach (var step in definition.Steps)
        {
            reader.ReadStep(step);
        }

        reader.CheckDistinctIds();
    }

    private void ReadStep(WorkflowStepDefinition step)
    {
        var type = step.Type;
        var nodeAttribute = Find(type, FloxideNames.Attributes.Node);
        var workflowAttribute = Find(type, FloxideNames.Attributes.Workflow);
        var contexts = nodeAttribute is null && workflowAttribute is null ? NotAStep(step)
            : !IsDeclaredInSource(type) ? FromAnotherAssembly(step)
            : nodeAttribute is not null ? ReadNode(step, nodeAttribute)
            : ReadNestedWorkflow(step, workflowAttribute!);
        if (contexts is not (var stepContext, var declaredContext))
        {
            return;
        }

        // The step's generated RunAsync takes the accessibility its context allows, as NodeParser and WorkflowDefinition work it out.
        step.HasPrivateRun = MemberAccessibility.For(type.OriginalDefinition, declaredContext) == Accessibility.Private;

        // FLX0103: the exact context type (nullability aside); contravariance would compile but hide mistakes.
        if (_definition.ContextType is not null && !SymbolEqualityComparer.Default.Equals(stepContext, _definition.ContextType))
        {
            _definition.Report(DiagnosticDescriptors.StepContextMismatch, step.FirstMention, type.Name, stepContext.ToDisplayString(), Workflow.Name, _definition.ContextType.ToDisplayString());
        }

        if (step.BatchAttribute is { } batch)
        {
            // The executor awaits the batch node that runs the step per item; it never calls the process method itself.
            step.Kind = WorkflowStepKind.Awaitable;
            step.MethodName = null;
            step.BatchId = step.NodeId + ".Batch";
            var location = LocationOf(batch, _cancellationToken);
            ReadBatchArguments(step, batch, location);

            // A batch node returns the default action, or its failure action when an item failed (FLX0106 checks both).
            step.PossibleActions = step.BatchFailureAction is { } failureAction && failureAction != WorkflowModel.DefaultAction
                ? [WorkflowModel.DefaultAction, failureAction]
                : [WorkflowModel.DefaultAction];

            // What the node's process method returns is the items' business, not the step's: no enum to route or end on.
            step.ActionEnum = null;
            CheckBatchContext(step, location);
        }
    }

    /// <summary>
    /// A <c>[Node]</c> step: the context its process method takes, and the one its generated <c>RunAsync</c> was
    /// declared with (the generator saw the step's declaration, not the construction a workflow names:
    /// <c>Outer&lt;int&gt;.Step</c> was generated as <c>Outer&lt;T&gt;.Step</c>). Null when the node is invalid.
    /// </summary>
    private (ITypeSymbol StepContext, ITypeSymbol DeclaredContext)? ReadNode(WorkflowStepDefinition step, AttributeData nodeAttribute)
    {
        var type = step.Type;

        // The node's own reading decides which method is the process method, so the step and the node never disagree.
        var definition = NodeReader.Read(type, nodeAttribute, _cancellationToken);
        if (!definition.IsValid)
        {
            _definition.HasInvalidStep = true;
            return null;
        }

        var node = definition.ToModel();
        var method = definition.Method!;
        step.NodeId = node.Id;
        step.HasParameterlessConstructor = !type.IsAbstract &&
            type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && _compilation.IsSymbolAccessibleWithin(c, Workflow));
        ReadProcessMethod(step, node, method);
        return (method.Parameters[0].Type, method.OriginalDefinition.Parameters[0].Type);
    }

    /// <summary>A nested <c>[Workflow]</c> step (FLX0113 when it contains this one): its context. Null when it is invalid.</summary>
    private (ITypeSymbol StepContext, ITypeSymbol DeclaredContext)? ReadNestedWorkflow(WorkflowStepDefinition step, AttributeData workflowAttribute)
    {
        var type = step.Type;
        if (SymbolEqualityComparer.Default.Equals(type, Workflow) || Contains(type, Workflow, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)))
        {
            _definition.Report(DiagnosticDescriptors.RecursiveWorkflow, step.FirstMention, Workflow.Name, type.Name);
            return null;
        }

        // Read once for the whole graph: read again per path, workflows that share nested ones took time exponential in the depth.
        if (!_nestedReads.TryGetValue(type, out var nested))
        {
            nested = WorkflowReader.Read(type, workflowAttribute, _compilation, _nestedReads, _cancellationToken);
            _nestedReads.Add(type, nested);
        }

        if (!nested.IsValid)
        {
            _definition.HasInvalidStep = true;
            return null;
        }

        step.IsWorkflow = true;
        step.NodeId = nested.Id;
        step.NestedService = SymbolEqualityComparer.Default.Equals(type, type.OriginalDefinition) ? null : nested.Service(); // only a closed generic one needs it

        // The step ends with the action the nested run ended on, which the outer workflow routes like any other (FLX0106
        // checks it); null when a nested step's actions are unknown until run time. No enum: the actions come from many steps.
        step.PossibleActions = WorkflowGraphCheck.EndActions(nested);
        step.ActionEnum = null;
        step.HasParameterlessConstructor = nested.HasParameterlessConstructor && !type.IsAbstract &&
            _compilation.IsSymbolAccessibleWithin(type, Workflow);
        return (nested.ContextType!, nested.ContextType!);
    }

    /// <summary>FLX0102: neither a <c>[Node]</c> nor a <c>[Workflow]</c>.</summary>
    private (ITypeSymbol StepContext, ITypeSymbol DeclaredContext)? NotAStep(WorkflowStepDefinition step)
    {
        _definition.Report(DiagnosticDescriptors.StepIsNotANode, step.FirstMention, step.Type.Name, Workflow.Name);
        return null;
    }

    /// <summary>
    /// FLX0111: a <c>[Node]</c> or <c>[Workflow]</c> of a referenced assembly. Its rules are read from its source declaration,
    /// which metadata lacks (and there its generated members look declared), so it would read as invalid, with no
    /// diagnostic of its own to say why, and the workflow would silently generate nothing.
    /// </summary>
    private (ITypeSymbol StepContext, ITypeSymbol DeclaredContext)? FromAnotherAssembly(WorkflowStepDefinition step)
    {
        _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, step.FirstMention, Workflow.Name,
            $"a step must be declared in this project, but '{step.Type.ToDisplayString()}' comes from the referenced assembly '{step.Type.ContainingAssembly?.Name}'");
        return null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is declared in this project, where the readers can check its rules. A type of another
    /// project that the IDE references as a compilation has source locations too, but its trees are not this
    /// compilation's (binding them throws), and a build, which references that project's assembly, reports it as FLX0111:
    /// the IDE must agree.
    /// </summary>
    private bool IsDeclaredInSource(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition.ContainingAssembly, _compilation.Assembly);

    /// <summary>What a node step can return, and whether the executor calls its process method directly.</summary>
    private void ReadProcessMethod(WorkflowStepDefinition step, NodeModel node, IMethodSymbol method)
    {
        // For an enum result, the enum (the node's reading already found it to be one). A [Flags] enum can also return
        // combined values, which route by their combined name ("A, B", as Enum.ToString spells it): the checks add those.
        var resultType = ProcessMethodRules.GetResultType(method, out _);
        step.PossibleActions = node.ResultKind switch
        {
            ProcessResultKind.None => [WorkflowModel.DefaultAction],
            ProcessResultKind.Bool => [WorkflowModel.DefaultAction, WorkflowModel.StopAction],
            ProcessResultKind.Enum => CanonicalMembers((INamedTypeSymbol)resultType!).Select(f => f.Name).ToList(),
            _ => null,
        };
        step.ActionEnum = node.ResultKind == ProcessResultKind.Enum ? (INamedTypeSymbol?)resultType : null;

        // Synchronous and callable from the workflow: call the process method itself, skipping the adapter,
        // unless the adapter runs it through its resilience pipeline ([Retry], [Timeout], [RateLimit], [ConcurrencyLimit]).
        var resilient = node.Resilience is { } resilience && ResilienceEmitter.HasPipeline(resilience, stepLevel: true);
        if (!resilient && node.AwaitKind == ProcessAwaitKind.None && _compilation.IsSymbolAccessibleWithin(method, Workflow))
        {
            step.Kind = node.ResultKind switch
            {
                ProcessResultKind.None => WorkflowStepKind.SyncVoid,
                ProcessResultKind.Bool => WorkflowStepKind.SyncBool,
                ProcessResultKind.Enum => WorkflowStepKind.SyncEnum,
                _ => WorkflowStepKind.SyncAction,
            };
            step.MethodName = node.MethodName;
            step.TakesCancellationToken = node.TakesCancellationToken;
        }
    }

    /// <summary>FLX0111: the named arguments of <c>[BatchStep]</c>.</summary>
    private void ReadBatchArguments(WorkflowStepDefinition step, AttributeData batch, Location? location)
    {
        foreach (var argument in batch.NamedArguments)
        {
            if (argument.Key == FloxideNames.Arguments.Id)
            {
                if (argument.Value.Value is string { Length: > 0 } id)
                {
                    step.BatchId = id;
                }
                else
                {
                    _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Workflow.Name, "a batch step's Id must not be null or empty");
                }
            }
            else if (argument.Key == FloxideNames.Arguments.MaxDegreeOfParallelism && argument.Value.Value is int limit)
            {
                if (limit >= 1)
                {
                    step.BatchMaxDegreeOfParallelism = limit;
                }
                else
                {
                    // FLX0013's mistake, with FLX0013's fixes.
                    ReportFixableArgument(batch, FloxideNames.Arguments.MaxDegreeOfParallelism, "a batch step's MaxDegreeOfParallelism must be at least 1");
                }
            }
            else if (argument.Key == FloxideNames.Arguments.CancellationGracePeriodMs && argument.Value.Value is int grace)
            {
                // Written, even as 0, it replaces the context's period for this step: a step can opt out of draining.
                if (GracePeriod.IsValid(grace))
                {
                    step.BatchCancellationGracePeriodMs = grace;
                }
                else
                {
                    // FLX0035's mistake, with FLX0035's fixes.
                    ReportFixableArgument(batch, FloxideNames.Arguments.CancellationGracePeriodMs,
                        $"[BatchStep(CancellationGracePeriodMs = {GracePeriod.Number(grace)})] is not a grace period: it must be 0 or more milliseconds, or -1 to let running attempts finish");
                }
            }
            else if (argument.Key == FloxideNames.Arguments.ErrorMode)
            {
                // The member's name, so the generated code spells the mode rather than a number.
                var member = (argument.Value.Type as INamedTypeSymbol)?.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, argument.Value.Value));
                if (member is not null)
                {
                    step.BatchErrorMode = member.Name;
                }
                else
                {
                    _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Workflow.Name, "a batch step's ErrorMode must be a BatchErrorMode member");
                }
            }
            else if (argument.Key == FloxideNames.Arguments.FailureAction)
            {
                if (ActionName(argument.Value) is { } failureAction)
                {
                    step.BatchFailureAction = failureAction;
                }
                else
                {
                    _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Workflow.Name, "a batch step's FailureAction must be a non-empty string or an enum member");
                }
            }
        }
    }

    /// <summary>
    /// FLX0111 on a batch step's <paramref name="argument"/> that is <c>[BatchContext]</c>'s mistake too: reported at the
    /// argument, whose name (<see cref="WorkflowReader.ArgumentProperty"/>) tells the code fix which cause this is.
    /// </summary>
    private void ReportFixableArgument(AttributeData batch, string argument, string message) =>
        _definition.Report(
            DiagnosticDescriptors.InvalidWorkflowArgument,
            FloxideAttributes.ArgumentLocation(batch, argument, _cancellationToken),
            ImmutableDictionary<string, string?>.Empty.Add(WorkflowReader.ArgumentProperty, argument),
            Workflow.Name,
            message);

    /// <summary>FLX0112, FLX0116: a batch step needs a <c>[BatchContext]</c> whose item factories the workflow can call.</summary>
    private void CheckBatchContext(WorkflowStepDefinition step, Location? location)
    {
        var context = _definition.ContextType;
        if (context is not null && !Has(context, FloxideNames.Attributes.BatchContext))
        {
            _definition.Report(DiagnosticDescriptors.BatchStepNeedsBatchContext, location, step.Type.Name, Workflow.Name, context.ToDisplayString());
        }
        else if (context is INamedTypeSymbol namedContext)
        {
            var contextDefinition = IsDeclaredInSource(namedContext) ? BatchContextReader.Read(namedContext, _compilation, _cancellationToken) : null;
            if (contextDefinition is null)
            {
                // As for a step: a [BatchContext] in metadata reads as invalid with nothing to say why.
                _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Workflow.Name,
                    $"a batch step needs a [BatchContext] declared in this project, but '{namedContext.ToDisplayString()}' comes from the referenced assembly '{namedContext.ContainingAssembly?.Name}'");
            }
            else if (!contextDefinition.IsValid)
            {
                // The context's own diagnostics explain it; the executor would call factories that were never generated.
                _definition.HasInvalidStep = true;
            }
            else if (contextDefinition.FactoryAccessibility == Accessibility.Private && !IsWithin(Workflow, namedContext))
            {
                // An item type private to the context makes its factories private too.
                _definition.Report(DiagnosticDescriptors.BatchStepCannotReachFactory, location, step.Type.Name, Workflow.Name, namedContext.Name);
            }
        }
    }

    /// <summary>FLX0114: two steps with one id.</summary>
    private void CheckDistinctIds()
    {
        var seen = new Dictionary<string, WorkflowStepDefinition>(System.StringComparer.Ordinal);
        foreach (var step in _definition.Steps)
        {
            // A step whose type could not be read has no id; its own problem is reported already.
            if (step.Id is not { } id)
            {
                continue;
            }

            if (seen.TryGetValue(id, out var other))
            {
                ReportDuplicateId(other, step, id);
            }
            else
            {
                seen.Add(id, step);
            }
        }
    }

    /// <summary>
    /// FLX0114 for <paramref name="second"/>. Two closings of one generic declaration (<c>G&lt;int&gt;</c>, <c>G&lt;string&gt;</c>)
    /// are named as written, and when neither is a batch step (whose <c>Id</c> the workflow sets), their id comes from
    /// that one declaration: "give one another id" cannot be followed, so the advice is to use one closing.
    /// </summary>
    private void ReportDuplicateId(WorkflowStepDefinition first, WorkflowStepDefinition second, string id)
    {
        var closings = !SymbolEqualityComparer.Default.Equals(first.Type, second.Type)
            && SymbolEqualityComparer.Default.Equals(first.Type.OriginalDefinition, second.Type.OriginalDefinition);
        var advice = closings && first.BatchAttribute is null && second.BatchAttribute is null
            ? "they close one generic step, whose id comes from its one declaration, so a workflow can use only one closing of it"
            : "give one of them another id";
        _definition.Report(DiagnosticDescriptors.DuplicateStepId, second.FirstMention,
            closings ? Display(first.Type) : first.Type.Name, closings ? Display(second.Type) : second.Type.Name, Workflow.Name, id, advice);
    }

    private static string Display(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    /// <summary>Whether <paramref name="workflow"/> contains <paramref name="target"/> as a step, at any depth.</summary>
    private static bool Contains(INamedTypeSymbol workflow, INamedTypeSymbol target, HashSet<ITypeSymbol> seen)
    {
        if (!seen.Add(workflow))
        {
            return false;
        }

        foreach (var attribute in workflow.GetAttributes())
        {
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is INamedTypeSymbol step && IsGraphAttribute(attribute) &&
                    Has(step, FloxideNames.Attributes.Workflow) &&
                    (SymbolEqualityComparer.Default.Equals(step, target) || Contains(step, target, seen)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="container"/> or nested in it, where its private members are in reach.</summary>
    private static bool IsWithin(INamedTypeSymbol type, INamedTypeSymbol container)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, container.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}

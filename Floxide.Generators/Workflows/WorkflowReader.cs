using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Nodes;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Reads a <c>[Workflow]</c> type into a <see cref="WorkflowDefinition"/>, checking every rule on the
/// way. The single home of the workflow rules: the generator's parser and the analyzer both call it.
/// </summary>
/// <remarks>
/// Rules (diagnostic IDs in parentheses): a non-static partial class (FLX0100) declaring none of the
/// generated members (FLX0101) and not also a <c>[Node]</c> or <c>[BatchContext]</c> (FLX0115); valid arguments (FLX0111); steps that are <c>[Node]</c> or
/// <c>[Workflow]</c> types (FLX0102) on the workflow's context (FLX0103), not containing the workflow
/// (FLX0113), with distinct ids (FLX0114); batch steps on a <c>[BatchContext]</c> (FLX0112) whose factories
/// the workflow can reach (FLX0116); exactly
/// one start (FLX0104, FLX0105); no duplicate (FLX0108) or conflicting (FLX0109) routes; every step
/// reachable (FLX0107); a step limit when there is a cycle (FLX0110); and, as a warning, every action
/// a step can return routed or terminal (FLX0106).
/// </remarks>
internal static class WorkflowReader
{
    /// <summary>Property key of FLX0106 and FLX0110 diagnostics that the code fixes read.</summary>
    public const string StepProperty = "Step";

    /// <summary>Property key: the unrouted action's enum member, fully qualified (<c>global::E.Member</c>), when it is one.</summary>
    public const string EnumMemberProperty = "EnumMember";

    /// <summary>Property key: the unrouted action's name.</summary>
    public const string ActionProperty = "Action";

    /// <summary>Reads <paramref name="type"/>, which carries <paramref name="attribute"/> (<c>[Workflow]</c>).</summary>
    public static WorkflowDefinition Read(INamedTypeSymbol type, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        var definition = new WorkflowDefinition(type) { HasRepeatedAttribute = SymbolRules.IsAttributeRepeated(type, attribute) };
        var name = type.Name;
        var typeLocation = type.Locations.FirstOrDefault();

        void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] args) =>
            definition.Problems.Add(Diagnostic.Create(descriptor, location ?? typeLocation, args));

        // FLX0100, FLX0101
        if (type.TypeKind != TypeKind.Class || type.IsStatic || !SymbolRules.IsPartialAllTheWayUp(type, cancellationToken))
        {
            Report(DiagnosticDescriptors.WorkflowTypeInvalid, typeLocation, name);
        }

        // FLX0115: [Node] or [BatchContext] would generate members the workflow generates too.
        foreach (var other in type.GetAttributes())
        {
            if (Is(other, "NodeAttribute") || Is(other, "BatchContextAttribute"))
            {
                Report(DiagnosticDescriptors.WorkflowHasAnotherRole, LocationOf(other, cancellationToken), name, other.AttributeClass!.Name.Substring(0, other.AttributeClass.Name.Length - "Attribute".Length));
            }
        }

        foreach (var member in type.GetMembers())
        {
            // An analyzer sees the generated part too: its members are not the user's.
            if (member.IsImplicitlyDeclared || GeneratorInfo.IsGenerated(member))
            {
                continue;
            }

            if (Names.FloxideNames.ReservedMembers.Workflow.Contains(member.Name) ||
                member is IMethodSymbol { MethodKind: MethodKind.Constructor })
            {
                Report(DiagnosticDescriptors.WorkflowReservedMember, member.Locations.FirstOrDefault(), name,
                    member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "a constructor" : member.Name);
            }
        }

        // FLX0111: the [Workflow] arguments.
        var attributeLocation = LocationOf(attribute, cancellationToken);
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol { TypeKind: not TypeKind.Error } contextType)
        {
            definition.ContextType = contextType;
        }
        else
        {
            Report(DiagnosticDescriptors.InvalidWorkflowArgument, attributeLocation, name, "the context type must be a type");
        }

        definition.Id = name;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Id")
            {
                if (argument.Value.Value is string { Length: > 0 } id)
                {
                    definition.Id = id;
                }
                else
                {
                    Report(DiagnosticDescriptors.InvalidWorkflowArgument, attributeLocation, name, "Id must not be null or empty");
                }
            }
            else if (argument.Key == "MaxSteps" && argument.Value.Value is int maxSteps)
            {
                if (maxSteps < 0)
                {
                    Report(DiagnosticDescriptors.InvalidWorkflowArgument, attributeLocation, name, "MaxSteps must be 0 (no limit) or more");
                }
                else
                {
                    definition.MaxSteps = maxSteps;
                }
            }
        }

        // The graph attributes, in source order. Steps are numbered by first mention, the start first.
        var attributes = type.GetAttributes();
        // An attribute with missing arguments (a compile error already) has none to read.
        var starts = attributes.Where(a => Is(a, "StartAttribute") && a.ConstructorArguments.Length == 1).ToList();
        var indexOf = new Dictionary<ITypeSymbol, int>(SymbolEqualityComparer.Default);

        INamedTypeSymbol? StepType(TypedConstant argument, AttributeData at)
        {
            if (argument.Value is INamedTypeSymbol { TypeKind: not TypeKind.Error } stepType)
            {
                return stepType;
            }

            Report(DiagnosticDescriptors.InvalidWorkflowArgument, LocationOf(at, cancellationToken), name, "a step must be a named type");
            return null;
        }

        int StepIndex(INamedTypeSymbol stepType, AttributeData at)
        {
            if (!indexOf.TryGetValue(stepType, out var index))
            {
                index = definition.Steps.Count;
                indexOf.Add(stepType, index);
                definition.Steps.Add(new WorkflowStepDefinition(stepType, LocationOf(at, cancellationToken)));
            }

            return index;
        }

        // FLX0108, FLX0109: a rejected route adds no step, so it cannot cascade into FLX0107.
        bool CanAddRoute(INamedTypeSymbol from, string action, INamedTypeSymbol? to, AttributeData at)
        {
            if (!indexOf.TryGetValue(from, out var index))
            {
                return true;
            }

            foreach (var existing in definition.Steps[index].Routes)
            {
                if (existing.Action != action)
                {
                    continue;
                }

                var existingType = existing.Target == WorkflowModel.End ? null : definition.Steps[existing.Target].Type;
                if (SymbolEqualityComparer.Default.Equals(existingType, to))
                {
                    Report(DiagnosticDescriptors.DuplicateRoute, LocationOf(at, cancellationToken), name, $"the action '{action}'", from.Name);
                }
                else
                {
                    Report(DiagnosticDescriptors.ConflictingRoute, LocationOf(at, cancellationToken), name, $"the action '{action}'", from.Name, existingType?.Name ?? "the end", to?.Name ?? "the end");
                }

                return false;
            }

            return true;
        }

        string? Action(TypedConstant argument, AttributeData at)
        {
            var action = ActionName(argument);
            if (action is null)
            {
                Report(DiagnosticDescriptors.InvalidWorkflowArgument, LocationOf(at, cancellationToken), name, "an action must be a non-empty string or an enum member");
            }

            return action;
        }

        // FLX0104, FLX0105
        if (starts.Count == 0)
        {
            Report(DiagnosticDescriptors.MissingStart, typeLocation, name);
        }
        else
        {
            if (StepType(starts[0].ConstructorArguments[0], starts[0]) is { } start)
            {
                StepIndex(start, starts[0]);
            }
            for (var i = 1; i < starts.Count; i++)
            {
                var first = starts[0].ConstructorArguments[0].Value as ITypeSymbol;
                var other = starts[i].ConstructorArguments[0].Value as ITypeSymbol;
                Report(DiagnosticDescriptors.DuplicateStart, LocationOf(starts[i], cancellationToken), name, first?.Name, other?.Name);
            }
        }

        foreach (var at in attributes)
        {
            var arguments = at.ConstructorArguments;
            if (Is(at, "RouteAttribute") && arguments.Length is 2 or 3)
            {
                var action = arguments.Length == 2 ? WorkflowModel.DefaultAction : Action(arguments[1], at);
                if (action is not null && StepType(arguments[0], at) is { } from && StepType(arguments[arguments.Length - 1], at) is { } to &&
                    CanAddRoute(from, action, to, at))
                {
                    var f = StepIndex(from, at);
                    definition.Steps[f].Routes.Add((action, StepIndex(to, at), LocationOf(at, cancellationToken)));
                }
            }
            else if (Is(at, "FallbackAttribute") && arguments.Length == 2)
            {
                if (StepType(arguments[0], at) is { } from && StepType(arguments[1], at) is { } to)
                {
                    var location = LocationOf(at, cancellationToken);
                    var existing = indexOf.TryGetValue(from, out var f) ? definition.Steps[f].Fallback : WorkflowModel.NoRoute;
                    if (existing == WorkflowModel.NoRoute)
                    {
                        f = StepIndex(from, at);
                        definition.Steps[f].Fallback = StepIndex(to, at);
                        definition.Steps[f].FallbackLocation = location;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(definition.Steps[existing].Type, to))
                    {
                        Report(DiagnosticDescriptors.DuplicateRoute, location, name, "the fallback", from.Name);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.ConflictingRoute, location, name, "the fallback", from.Name, definition.Steps[existing].Type.Name, to.Name);
                    }
                }
            }
            else if (Is(at, "EndOnAttribute") && arguments.Length == 1)
            {
                if (Action(arguments[0], at) is { } action && !definition.TerminalActions.Contains(action))
                {
                    definition.TerminalActions.Add(action);
                }
            }
            else if (Is(at, "EndOnAttribute") && arguments.Length == 2)
            {
                var action = Action(arguments[1], at);
                if (action is not null && StepType(arguments[0], at) is { } step && CanAddRoute(step, action, null, at))
                {
                    definition.Steps[StepIndex(step, at)].Routes.Add((action, WorkflowModel.End, LocationOf(at, cancellationToken)));
                }
            }
            else if (Is(at, "BatchStepAttribute") && arguments.Length == 1)
            {
                if (StepType(arguments[0], at) is { } step)
                {
                    definition.Steps[StepIndex(step, at)].BatchAttribute = at;
                }
            }
        }

        ReadSteps(definition, compilation, Report, cancellationToken);
        if (starts.Count > 0 && definition.Steps.Count > 0)
        {
            CheckGraph(definition, Report);
        }

        return definition;
    }

    private static void ReadSteps(WorkflowDefinition definition, Compilation compilation, System.Action<DiagnosticDescriptor, Location?, object?[]> report, CancellationToken cancellationToken)
    {
        var workflowName = definition.Type.Name;
        foreach (var step in definition.Steps)
        {
            var type = step.Type;
            var nodeAttribute = type.GetAttributes().FirstOrDefault(a => Is(a, "NodeAttribute"));
            var workflowAttribute = type.GetAttributes().FirstOrDefault(a => Is(a, "WorkflowAttribute"));
            ITypeSymbol? stepContext = null;

            // What the step's generated RunAsync was declared with: the generator saw the step's declaration, not the
            // construction a workflow names (Outer<int>.Step was generated as Outer<T>.Step).
            ITypeSymbol? declaredContext = null;
            if (nodeAttribute is not null)
            {
                var node = NodeParser.Parse(type, nodeAttribute, cancellationToken);
                var method = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => Names.FloxideNames.ProcessMethods.Contains(m.Name));
                if (node is null || method is null)
                {
                    definition.HasInvalidStep = true;
                    continue;
                }

                stepContext = method.Parameters[0].Type;
                declaredContext = method.OriginalDefinition.Parameters[0].Type;
                step.NodeId = node.Id;
                step.HasParameterlessConstructor = HasAccessibleParameterlessConstructor(type, definition.Type, compilation);
                ReadProcessMethod(step, node, method, definition.Type, compilation);
            }
            else if (workflowAttribute is not null)
            {
                if (SymbolEqualityComparer.Default.Equals(type, definition.Type) || Contains(type, definition.Type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)))
                {
                    report(DiagnosticDescriptors.RecursiveWorkflow, step.FirstMention, [workflowName, type.Name]);
                    continue;
                }

                var nested = Read(type, workflowAttribute, compilation, cancellationToken);
                if (!nested.IsValid)
                {
                    definition.HasInvalidStep = true;
                    continue;
                }

                step.IsWorkflow = true;
                stepContext = nested.ContextType;
                declaredContext = nested.ContextType;
                step.NodeId = nested.Id;
                step.HasParameterlessConstructor = nested.HasParameterlessConstructor && !type.IsAbstract &&
                    compilation.IsSymbolAccessibleWithin(type, definition.Type);
            }
            else
            {
                report(DiagnosticDescriptors.StepIsNotANode, step.FirstMention, [type.Name, workflowName]);
                continue;
            }

            // The step's generated RunAsync takes the accessibility its context allows, as NodeParser and WorkflowDefinition work it out.
            step.HasPrivateRun = declaredContext is not null && MemberAccessibility.For(type.OriginalDefinition, declaredContext) == Accessibility.Private;

            // FLX0103: the exact context type (nullability aside); contravariance would compile but hide mistakes.
            if (definition.ContextType is not null && !SymbolEqualityComparer.Default.Equals(stepContext, definition.ContextType))
            {
                report(DiagnosticDescriptors.StepContextMismatch, step.FirstMention, [type.Name, stepContext?.ToDisplayString(), workflowName, definition.ContextType.ToDisplayString()]);
            }

            if (step.BatchAttribute is { } batch)
            {
                step.Kind = WorkflowStepKind.Awaitable;
                step.BatchId = step.NodeId + ".Batch";
                foreach (var argument in batch.NamedArguments)
                {
                    if (argument.Key == "Id")
                    {
                        if (argument.Value.Value is string { Length: > 0 } id)
                        {
                            step.BatchId = id;
                        }
                        else
                        {
                            report(DiagnosticDescriptors.InvalidWorkflowArgument, LocationOf(batch, cancellationToken), [workflowName, "a batch step's Id must not be null or empty"]);
                        }
                    }
                    else if (argument.Key == "MaxDegreeOfParallelism" && argument.Value.Value is int limit)
                    {
                        if (limit >= 1)
                        {
                            step.BatchMaxDegreeOfParallelism = limit;
                        }
                        else
                        {
                            report(DiagnosticDescriptors.InvalidWorkflowArgument, LocationOf(batch, cancellationToken), [workflowName, "a batch step's MaxDegreeOfParallelism must be at least 1"]);
                        }
                    }
                    else if (argument.Key == "ErrorMode")
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
                            report(DiagnosticDescriptors.InvalidWorkflowArgument, LocationOf(batch, cancellationToken), [workflowName, "a batch step's ErrorMode must be a BatchErrorMode member"]);
                        }
                    }
                    else if (argument.Key == "FailureAction")
                    {
                        if (ActionName(argument.Value) is { } failureAction)
                        {
                            step.BatchFailureAction = failureAction;
                        }
                        else
                        {
                            report(DiagnosticDescriptors.InvalidWorkflowArgument, LocationOf(batch, cancellationToken), [workflowName, "a batch step's FailureAction must be a non-empty string or an enum member"]);
                        }
                    }
                }

                // A batch node returns the default action, or its failure action when an item failed (FLX0106 checks both).
                step.PossibleActions = step.BatchFailureAction.Length > 0 && step.BatchFailureAction != WorkflowModel.DefaultAction
                    ? [WorkflowModel.DefaultAction, step.BatchFailureAction]
                    : [WorkflowModel.DefaultAction];

                // FLX0112
                if (definition.ContextType is not null && !definition.ContextType.GetAttributes().Any(a => Is(a, "BatchContextAttribute")))
                {
                    report(DiagnosticDescriptors.BatchStepNeedsBatchContext, LocationOf(batch, cancellationToken), [type.Name, workflowName, definition.ContextType.ToDisplayString()]);
                }
                else if (definition.ContextType is INamedTypeSymbol context)
                {
                    var contextDefinition = BatchContextReader.Read(context, compilation, cancellationToken);
                    if (contextDefinition is null || !contextDefinition.IsValid)
                    {
                        // The context's own diagnostics explain it; the executor would call factories that were never generated.
                        definition.HasInvalidStep = true;
                    }
                    else if (contextDefinition.FactoryAccessibility == Accessibility.Private && !IsWithin(definition.Type, context))
                    {
                        // FLX0116: an item type private to the context makes its factories private too.
                        report(DiagnosticDescriptors.BatchStepCannotReachFactory, LocationOf(batch, cancellationToken), [type.Name, workflowName, context.Name]);
                    }
                }
            }
        }

        // FLX0114
        var seen = new Dictionary<string, WorkflowStepDefinition>(System.StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (step.Id.Length == 0)
            {
                continue;
            }

            if (seen.TryGetValue(step.Id, out var other))
            {
                report(DiagnosticDescriptors.DuplicateStepId, step.FirstMention, [other.Type.Name, step.Type.Name, workflowName, step.Id]);
            }
            else
            {
                seen.Add(step.Id, step);
            }
        }
    }

    private static void ReadProcessMethod(WorkflowStepDefinition step, NodeModel node, IMethodSymbol method, INamedTypeSymbol workflow, Compilation compilation)
    {
        var resultType = method.ReturnType;
        if (node.AwaitKind != ProcessAwaitKind.None)
        {
            resultType = resultType is INamedTypeSymbol { IsGenericType: true } awaitable ? awaitable.TypeArguments[0] : resultType;
        }

        step.PossibleActions = node.ResultKind switch
        {
            ProcessResultKind.None => [WorkflowModel.DefaultAction],
            ProcessResultKind.Bool => [WorkflowModel.DefaultAction, WorkflowModel.StopAction],
            ProcessResultKind.Enum => CanonicalMembers((INamedTypeSymbol)resultType).Select(f => f.Name).ToList(),
            _ => null,
        };
        step.ActionEnum = node.ResultKind == ProcessResultKind.Enum ? (INamedTypeSymbol)resultType : null;

        // Synchronous and callable from the workflow: call the process method itself, skipping the adapter.
        if (node.AwaitKind == ProcessAwaitKind.None && compilation.IsSymbolAccessibleWithin(method, workflow))
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

    private static void CheckGraph(WorkflowDefinition definition, System.Action<DiagnosticDescriptor, Location?, object?[]> report)
    {
        var steps = definition.Steps;
        var name = definition.Type.Name;

        IEnumerable<int> Successors(int index)
        {
            foreach (var route in steps[index].Routes)
            {
                if (route.Target >= 0)
                {
                    yield return route.Target;
                }
            }

            if (steps[index].Fallback >= 0)
            {
                yield return steps[index].Fallback;
            }
        }

        // Depth-first from the start (index 0): reachability, and the first cycle found.
        var state = new byte[steps.Count];
        var path = new List<int>();
        List<int>? cycle = null;
        var stack = new Stack<(int Node, IEnumerator<int> Next)>();
        state[0] = 1;
        path.Add(0);
        stack.Push((0, Successors(0).GetEnumerator()));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Peek();
            if (next.MoveNext())
            {
                var target = next.Current;
                if (state[target] == 1)
                {
                    cycle ??= [.. path.Skip(path.IndexOf(target)), target];
                }
                else if (state[target] == 0)
                {
                    state[target] = 1;
                    path.Add(target);
                    stack.Push((target, Successors(target).GetEnumerator()));
                }
            }
            else
            {
                stack.Pop();
                path.RemoveAt(path.Count - 1);
                state[node] = 2;
            }
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (state[i] == 0)
            {
                report(DiagnosticDescriptors.UnreachableStep, steps[i].FirstMention, [steps[i].Type.Name, name, steps[0].Type.Name]);
            }
        }

        if (cycle is not null && definition.MaxSteps == 0)
        {
            report(DiagnosticDescriptors.CycleWithoutStepLimit, definition.Type.Locations.FirstOrDefault(), [name, string.Join(" -> ", cycle.Select(i => steps[i].Type.Name))]);
        }

        // FLX0106: exhaustiveness over what each step can return.
        var terminal = new Models.EquatableArray<string>(definition.TerminalActions.ToArray());
        foreach (var step in steps)
        {
            if (step.PossibleActions is null)
            {
                continue;
            }

            var model = new WorkflowStepModel("", "", "", step.Kind, "", false, false, false, 0, "", "", false, false,
                new Models.EquatableArray<WorkflowRouteModel>(step.Routes.Select(r => new WorkflowRouteModel(r.Action, r.Target)).ToArray()), step.Fallback);
            foreach (var action in step.PossibleActions)
            {
                if (WorkflowModel.Resolve(model, terminal, action) is null)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(StepProperty, SymbolNames.FullyQualified(step.Type))
                        .Add(ActionProperty, action)
                        .Add(EnumMemberProperty, step.ActionEnum is null ? null : SymbolNames.FullyQualified(step.ActionEnum) + "." + action);
                    definition.Problems.Add(Diagnostic.Create(DiagnosticDescriptors.UnroutedAction, definition.Type.Locations.FirstOrDefault(), properties, step.Type.Name, name, action));
                }
            }
        }
    }

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
                    step.GetAttributes().Any(a => Is(a, "WorkflowAttribute")) &&
                    (SymbolEqualityComparer.Default.Equals(step, target) || Contains(step, target, seen)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsGraphAttribute(AttributeData attribute) =>
        Is(attribute, "StartAttribute") || Is(attribute, "RouteAttribute") || Is(attribute, "FallbackAttribute") ||
        Is(attribute, "EndOnAttribute") || Is(attribute, "BatchStepAttribute");

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

    private static bool HasAccessibleParameterlessConstructor(INamedTypeSymbol type, INamedTypeSymbol workflow, Compilation compilation) =>
        !type.IsAbstract && type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(c, workflow));

    /// <summary>The action name of an attribute argument, as the runtime names it; null when invalid.</summary>
    private static string? ActionName(TypedConstant argument)
    {
        if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string { Length: > 0 } text)
        {
            return text;
        }

        if (argument.Kind == TypedConstantKind.Enum && argument.Type is INamedTypeSymbol enumType && argument.Value is not null)
        {
            // Enum.ToString of a value without a member is its number.
            return CanonicalMembers(enumType).FirstOrDefault(f => Equals(f.ConstantValue, argument.Value))?.Name
                ?? System.Convert.ToString(argument.Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>One member per distinct value, the first declared: the name <c>NodeAction.From</c> gives an aliased value.</summary>
    private static List<IFieldSymbol> CanonicalMembers(INamedTypeSymbol enumType)
    {
        var members = new List<IFieldSymbol>();
        foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && !members.Any(m => Equals(m.ConstantValue, field.ConstantValue)))
            {
                members.Add(field);
            }
        }

        return members;
    }

    private static bool Is(AttributeData attribute, string name) =>
        attribute.AttributeClass is { Name: var actual, ContainingNamespace: { Name: "Floxide", ContainingNamespace.IsGlobalNamespace: true } } && actual == name;

    private static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
}

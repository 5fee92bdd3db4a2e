using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using static Floxide.Generators.Names.FloxideAttributes;
using static Floxide.Generators.Workflows.WorkflowAttributes;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Reads the graph attributes of a workflow (<c>[Start]</c>, <c>[Route]</c>, <c>[Fallback]</c>, <c>[EndOn]</c>,
/// <c>[BatchStep]</c>) in source order into the definition's steps, routes and terminal actions. Steps are
/// numbered by first mention, the start first.
/// </summary>
/// <remarks>
/// Rules: exactly one start (FLX0104, FLX0105); no duplicate (FLX0108) or conflicting (FLX0109) routes; at most
/// one <c>[BatchStep]</c> per step (FLX0118);
/// steps that are closed named types and actions that are names or enum members (FLX0111). A rejected route adds
/// no step, so it cannot cascade into an unreachable step (FLX0107).
/// </remarks>
internal sealed class WorkflowGraphReader
{
    private readonly WorkflowDefinition _definition;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ITypeSymbol, int> _indexOf = new(SymbolEqualityComparer.Default);

    private WorkflowGraphReader(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        _definition = definition;
        _cancellationToken = cancellationToken;
    }

    private string Name => _definition.Type.Name;

    private List<WorkflowStepDefinition> Steps => _definition.Steps;

    /// <summary>Reads the graph of <paramref name="definition"/>; returns whether it declares a start.</summary>
    public static bool Read(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var reader = new WorkflowGraphReader(definition, cancellationToken);
        var attributes = definition.Type.GetAttributes();

        // An attribute with missing arguments (a compile error already) has none to read.
        var starts = attributes.Where(a => Is(a, FloxideNames.Attributes.Start) && a.ConstructorArguments.Length == 1).ToList();
        reader.ReadStarts(starts);
        foreach (var attribute in attributes)
        {
            reader.ReadGraphAttribute(attribute);
        }

        return starts.Count > 0;
    }

    /// <summary>FLX0104, FLX0105: the start becomes step 0; any other start is an error.</summary>
    private void ReadStarts(List<AttributeData> starts)
    {
        if (starts.Count == 0)
        {
            _definition.Report(DiagnosticDescriptors.MissingStart, _definition.Location, Name);
            return;
        }

        if (StepType(starts[0].ConstructorArguments[0], LocationOf(starts[0])) is { } start)
        {
            StepIndex(start, LocationOf(starts[0]));
        }

        var first = starts[0].ConstructorArguments[0].Value as ITypeSymbol;
        for (var i = 1; i < starts.Count; i++)
        {
            var other = starts[i].ConstructorArguments[0].Value as ITypeSymbol;
            _definition.Report(DiagnosticDescriptors.DuplicateStart, LocationOf(starts[i]), Name, first?.Name, other?.Name);
        }
    }

    private void ReadGraphAttribute(AttributeData attribute)
    {
        var arguments = attribute.ConstructorArguments;
        if (Is(attribute, FloxideNames.Attributes.Route) && arguments.Length is 2 or 3)
        {
            ReadRoute(arguments, LocationOf(attribute));
        }
        else if (Is(attribute, FloxideNames.Attributes.Fallback) && arguments.Length == 2)
        {
            ReadFallback(arguments, LocationOf(attribute));
        }
        else if (Is(attribute, FloxideNames.Attributes.EndOn) && arguments.Length == 1)
        {
            ReadTerminalAction(arguments[0], LocationOf(attribute));
        }
        else if (Is(attribute, FloxideNames.Attributes.EndOn) && arguments.Length == 2)
        {
            ReadEndRoute(arguments, LocationOf(attribute));
        }
        else if (Is(attribute, FloxideNames.Attributes.BatchStep) && arguments.Length == 1)
        {
            ReadBatchStep(attribute, LocationOf(attribute));
        }
    }

    /// <summary><c>[Route(from, to)]</c> routes the default action; <c>[Route(from, action, to)]</c> a named one.</summary>
    private void ReadRoute(ImmutableArray<TypedConstant> arguments, Location? location)
    {
        var action = arguments.Length == 2 ? WorkflowModel.DefaultAction : Action(arguments[1], location);
        if (action is not null && StepType(arguments[0], location) is { } from && StepType(arguments[arguments.Length - 1], location) is { } to &&
            CanAddRoute(from, action, to, location))
        {
            var f = StepIndex(from, location);
            Steps[f].Routes.Add(new WorkflowRouteModel(action, WorkflowRouteTarget.ToStep(StepIndex(to, location))));
            Steps[f].RouteLocations.Add(location);
        }
    }

    /// <summary><c>[Fallback(from, to)]</c>: where every action without a route of its own goes.</summary>
    private void ReadFallback(ImmutableArray<TypedConstant> arguments, Location? location)
    {
        if (StepType(arguments[0], location) is not { } from || StepType(arguments[1], location) is not { } to)
        {
            return;
        }

        var existing = _indexOf.TryGetValue(from, out var f) ? Steps[f].Fallback : null;
        if (existing is null)
        {
            f = StepIndex(from, location);
            Steps[f].Fallback = StepIndex(to, location);
        }
        else if (SymbolEqualityComparer.Default.Equals(Steps[existing.Value].Type, to))
        {
            _definition.Report(DiagnosticDescriptors.DuplicateRoute, location, Name, "the fallback", from.Name);
        }
        else
        {
            _definition.Report(DiagnosticDescriptors.ConflictingRoute, location, Name, "the fallback", from.Name, Steps[existing.Value].Type.Name, to.Name);
        }
    }

    /// <summary><c>[EndOn(action)]</c>: an action that ends the run from any step.</summary>
    private void ReadTerminalAction(TypedConstant argument, Location? location)
    {
        if (Action(argument, location) is { } action && !_definition.TerminalActions.Contains(action))
        {
            _definition.TerminalActions.Add(action);
            _definition.TerminalActionLocations.Add(location);
        }
    }

    /// <summary><c>[EndOn(step, action)]</c>: an action that ends the run from one step.</summary>
    private void ReadEndRoute(ImmutableArray<TypedConstant> arguments, Location? location)
    {
        var action = Action(arguments[1], location);
        if (action is not null && StepType(arguments[0], location) is { } step && CanAddRoute(step, action, null, location))
        {
            var index = StepIndex(step, location);
            Steps[index].Routes.Add(new WorkflowRouteModel(action, WorkflowRouteTarget.End));
            Steps[index].RouteLocations.Add(location);
        }
    }

    /// <summary>
    /// <c>[BatchStep(step)]</c>: the step runs once per item; <see cref="WorkflowStepReader"/> reads its arguments.
    /// FLX0118 on a second one for the step, identical or not: the last would otherwise silently win.
    /// </summary>
    private void ReadBatchStep(AttributeData attribute, Location? location)
    {
        if (StepType(attribute.ConstructorArguments[0], location) is not { } step)
        {
            return;
        }

        var index = StepIndex(step, location);
        if (Steps[index].BatchAttribute is null)
        {
            Steps[index].BatchAttribute = attribute;
        }
        else
        {
            _definition.Report(DiagnosticDescriptors.DuplicateBatchStep, location, Name, step.Name);
        }
    }

    /// <summary>FLX0108, FLX0109: whether <paramref name="from"/> has no route for <paramref name="action"/> yet; reports the clash when it has.</summary>
    private bool CanAddRoute(INamedTypeSymbol from, string action, INamedTypeSymbol? to, Location? location)
    {
        if (!_indexOf.TryGetValue(from, out var index))
        {
            return true;
        }

        foreach (var existing in Steps[index].Routes)
        {
            if (existing.Action != action)
            {
                continue;
            }

            var existingType = existing.Target.IsEnd ? null : Steps[existing.Target.Step].Type;
            if (SymbolEqualityComparer.Default.Equals(existingType, to))
            {
                _definition.Report(DiagnosticDescriptors.DuplicateRoute, location, Name, $"the action '{action}'", from.Name);
            }
            else
            {
                _definition.Report(DiagnosticDescriptors.ConflictingRoute, location, Name, $"the action '{action}'", from.Name, existingType?.Name ?? "the end", to?.Name ?? "the end");
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// The step type an argument names; FLX0111 when it names none, or an open generic one. A type the compiler cannot
    /// resolve (one not written yet) is its error alone (CS0246): the workflow is then left ungenerated, with no other.
    /// </summary>
    private INamedTypeSymbol? StepType(TypedConstant argument, Location? location)
    {
        if (argument.Value is ITypeSymbol { TypeKind: TypeKind.Error })
        {
            _definition.HasInvalidStep = true;
            return null;
        }

        if (argument.Value is not INamedTypeSymbol stepType)
        {
            _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Name, "a step must be a named type");
            return null;
        }

        // typeof(Gen<>) names no type the executor can hold; reading it as a node finds nothing and reports nothing.
        if (IsOpenGeneric(stepType))
        {
            _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Name,
                $"a step must be a closed type, not the open generic '{stepType.ToDisplayString()}'; give its type arguments");
            return null;
        }

        // Step<Hidden> of a file-local Hidden: the typeof compiles in its file, but the generated workflow, in a file of its own,
        // cannot name it. A file-local step itself is its node's or workflow's own error (FLX0022).
        if (Helpers.SymbolRules.FileLocalPlace(stepType) is null && Helpers.SymbolRules.MentionsFileLocal(stepType))
        {
            _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Name,
                $"a step cannot take a file-local type argument, as '{stepType.ToDisplayString()}' does: the generated workflow, in a file of its own, cannot name it");
            return null;
        }

        // Step<Missing>, or a type argument its constraint refuses: the compiler's error at the typeof is the one.
        if (Helpers.SymbolRules.HasCompilerErrors(stepType))
        {
            _definition.HasInvalidStep = true;
            return null;
        }

        return stepType;
    }

    /// <summary>The index of <paramref name="stepType"/>, adding the step at its first mention.</summary>
    private int StepIndex(INamedTypeSymbol stepType, Location? location)
    {
        if (!_indexOf.TryGetValue(stepType, out var index))
        {
            index = Steps.Count;
            _indexOf.Add(stepType, index);
            Steps.Add(new WorkflowStepDefinition(stepType, location));
        }

        return index;
    }

    /// <summary>The action an argument names; FLX0111 when it names none.</summary>
    private string? Action(TypedConstant argument, Location? location)
    {
        var action = ActionName(argument);
        if (action is null)
        {
            _definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, Name, "an action must be a non-empty string or an enum member");
        }

        return action;
    }

    private Location? LocationOf(AttributeData attribute) => FloxideAttributes.LocationOf(attribute, _cancellationToken);
}

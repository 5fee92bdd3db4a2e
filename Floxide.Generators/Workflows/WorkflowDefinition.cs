using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Workflows;

/// <summary>
/// A <c>[Workflow]</c> type as <see cref="WorkflowReader"/> reads it: the graph, and every rule it
/// breaks. The analyzer reports <see cref="DeclarationDefinition.Problems"/>; the parser turns a definition without errors
/// into a <see cref="WorkflowModel"/>, so the two can never disagree.
/// </summary>
internal sealed class WorkflowDefinition : DeclarationDefinition
{
    public WorkflowDefinition(INamedTypeSymbol type)
        : base(type)
    {
        Id = type.Name;
    }

    /// <summary>The context type, once read.</summary>
    public ITypeSymbol? ContextType { get; set; }

    /// <summary>The workflow's id: the type's name unless the attribute sets one.</summary>
    public string Id { get; set; }

    /// <summary>The step limit, or 0 for none.</summary>
    public int MaxSteps { get; set; }

    /// <summary>The steps, in state order: the start step first once known.</summary>
    public List<WorkflowStepDefinition> Steps { get; } = [];

    /// <summary>Actions that end the run from any step.</summary>
    public List<string> TerminalActions { get; } = [];

    /// <summary>Where each of <see cref="TerminalActions"/> is first declared (its <c>[EndOn]</c>), at the same index.</summary>
    public List<Location?> TerminalActionLocations { get; } = [];

    /// <summary>
    /// Set when a step is itself invalid (a broken <c>[Node]</c> or nested <c>[Workflow]</c>, or a batch step's broken
    /// <c>[BatchContext]</c>): its own diagnostics explain it, and this workflow generates nothing rather than cascading errors.
    /// Only for a type declared in this compilation, whose analyzer (or the compiler) does explain it; anything else the
    /// readers cannot vouch for (an open generic, a type from a referenced assembly) is a workflow diagnostic instead, so a
    /// workflow never vanishes without one.
    /// </summary>
    public bool HasInvalidStep { get; set; }

    /// <summary>Set when <c>[Workflow]</c> marks two partial declarations of the type (the compiler's CS0579).</summary>
    public bool HasRepeatedAttribute { get; set; }

    /// <summary>Whether the generator may emit the executor.</summary>
    public bool IsValid => !HasInvalidStep && !HasRepeatedAttribute && ContextType is not null && HasNoErrors;

    /// <summary>Whether every step can be created with <c>new()</c>.</summary>
    public bool HasParameterlessConstructor => Steps.All(s => s.HasParameterlessConstructor);

    /// <summary>How <c>AddFloxideNodes()</c> creates this workflow from its steps, or null when it cannot without reflection.</summary>
    public DependencyInjection.ServiceModel? Service()
    {
        var stepTypes = Steps.Select(s => (ITypeSymbol)s.Type).ToArray();
        return Service(stepTypes, MemberAccessibility.For(Type, stepTypes));
    }

    /// <summary>The plain-value model of a valid definition, where every step has been read.</summary>
    public WorkflowModel ToModel()
    {
        var stepTypes = Steps.Select(s => (ITypeSymbol)s.Type).ToArray();
        var constructorAccessibility = MemberAccessibility.For(Type, stepTypes);
        return new()
        {
            Hierarchy = HierarchyInfo.From(Type),
            Id = Id,
            ContextType = SymbolNames.FullyQualified(ContextType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
            MaxSteps = MaxSteps,
            Steps = new EquatableArray<WorkflowStepModel>(Steps.Select(s => s.ToModel()).ToArray()),
            TerminalActions = new EquatableArray<string>(TerminalActions.ToArray()),
            RunAccessibility = MemberAccessibility.For(Type, ContextType!),
            ConstructorAccessibility = constructorAccessibility,
            Service = Service(stepTypes, constructorAccessibility),

            // A closed generic nested workflow (Generic<int>) as well as a node: a generic declaration has no registration,
            // and this workflow's resolves every step from the container.
            StepServices = new EquatableArray<DependencyInjection.ServiceModel>(Steps
                .Where(s => !SymbolEqualityComparer.Default.Equals(s.Type, s.Type.OriginalDefinition))
                .Select(s => s.IsWorkflow ? s.NestedService : DependencyInjection.ServiceReader.ForNode(s.Type))
                .Where(s => s is not null)
                .Select(s => s!)
                .ToArray()),
            TakenNames = new EquatableArray<string>(TakenNames(Type)),
        };
    }

    private DependencyInjection.ServiceModel? Service(ITypeSymbol[] stepTypes, Accessibility constructorAccessibility) =>
        DependencyInjection.ServiceReader.ForWorkflow(Type, constructorAccessibility, stepTypes, takesLoggerFactory: Steps.Any(s => s.BatchAttribute is not null));

    /// <summary>
    /// The names of the members <paramref name="type"/> declares or inherits, each once, and its own name: a generated
    /// field named like its type would not compile (CS0542).
    /// </summary>
    private static string[] TakenNames(INamedTypeSymbol type)
    {
        var names = new List<string> { type.Name };
        for (var current = type; current is not null; current = current.BaseType)
        {
            names.AddRange(current.GetMembers().Where(SymbolRules.IsUserDeclared).Select(m => m.Name));
        }

        return names.Distinct().ToArray();
    }
}

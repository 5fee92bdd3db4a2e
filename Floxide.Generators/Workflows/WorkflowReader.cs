using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using static Floxide.Generators.Names.FloxideAttributes;

namespace Floxide.Generators.Workflows;

/// <summary>
/// Reads a <c>[Workflow]</c> type into a <see cref="WorkflowDefinition"/>, checking every rule on the
/// way. The single home of the workflow rules: the generator's parser and the analyzer both call it.
/// </summary>
/// <remarks>
/// <para>
/// Rules (diagnostic IDs in parentheses): a non-static partial class (FLX0100) declaring or inheriting none of the
/// generated members nor named like one (FLX0101), with a base class that has a parameterless constructor it can call (FLX0117), and not also
/// a <c>[Node]</c> or <c>[BatchContext]</c> (FLX0115); valid arguments (FLX0111); steps that are <c>[Node]</c> or
/// <c>[Workflow]</c> types (FLX0102) on the workflow's context (FLX0103), not containing the workflow
/// (FLX0113), with distinct ids (FLX0114); batch steps on a <c>[BatchContext]</c> (FLX0112) whose factories
/// the workflow can reach (FLX0116); exactly
/// one start (FLX0104, FLX0105); no duplicate (FLX0108) or conflicting (FLX0109) routes; at most one
/// <c>[BatchStep]</c> per step (FLX0118); every step
/// reachable (FLX0107); a step limit when there is a cycle (FLX0110); and, as a warning, every action
/// a step can return routed or terminal (FLX0106).
/// </para>
/// <para>
/// One pass per concern, in this order: the declaration and the <c>[Workflow]</c> arguments here; the graph
/// attributes in <see cref="WorkflowGraphReader"/>; each step's own type in <see cref="WorkflowStepReader"/>;
/// the shape of the whole graph in <see cref="WorkflowGraphCheck"/>.
/// </para>
/// </remarks>
internal static class WorkflowReader
{
    /// <summary>Property key of FLX0106 and FLX0110 diagnostics that the code fixes read.</summary>
    public const string StepProperty = "Step";

    /// <summary>Property key: the unrouted action's enum member, fully qualified (<c>global::E.Member</c>), when it is one.</summary>
    public const string EnumMemberProperty = "EnumMember";

    /// <summary>Property key: the unrouted action's name.</summary>
    public const string ActionProperty = "Action";

    /// <summary>
    /// Property key of an FLX0111 diagnostic reported on one named argument: the argument's name. FLX0111 has many
    /// causes; this tells the code fix which one it is (today a batch step's <c>CancellationGracePeriodMs</c> and
    /// <c>MaxDegreeOfParallelism</c> have it).
    /// </summary>
    public const string ArgumentProperty = "Argument";

    /// <summary>Reads <paramref name="type"/>, which carries <paramref name="attribute"/> (<c>[Workflow]</c>).</summary>
    public static WorkflowDefinition Read(INamedTypeSymbol type, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken) =>
        Read(type, attribute, compilation, new Dictionary<INamedTypeSymbol, WorkflowDefinition>(SymbolEqualityComparer.Default), cancellationToken);

    /// <summary>
    /// Reads <paramref name="type"/>, reusing the nested workflows already read in <paramref name="nestedReads"/> and adding its
    /// own: a nested workflow two steps share (at any depth) is read once, not once per path to it, which doubled with each level.
    /// </summary>
    internal static WorkflowDefinition Read(
        INamedTypeSymbol type, AttributeData attribute, Compilation compilation, Dictionary<INamedTypeSymbol, WorkflowDefinition> nestedReads, CancellationToken cancellationToken)
    {
        var definition = new WorkflowDefinition(type) { HasRepeatedAttribute = SymbolRules.IsAttributeRepeated(type, attribute) };
        CheckDeclaration(definition, compilation, cancellationToken);
        ReadArguments(definition, attribute, cancellationToken);
        var hasStart = WorkflowGraphReader.Read(definition, cancellationToken);
        WorkflowStepReader.Read(definition, compilation, nestedReads, cancellationToken);
        if (hasStart && definition.Steps.Count > 0)
        {
            WorkflowGraphCheck.Check(definition);
        }

        return definition;
    }

    /// <summary>
    /// FLX0022 (file-local), FLX0100, FLX0115, FLX0101, FLX0117: the kind of type, its other roles, members of the names the generator adds (declared
    /// or inherited), and a base class the generated constructors can call.
    /// </summary>
    private static void CheckDeclaration(WorkflowDefinition definition, Compilation compilation, CancellationToken cancellationToken)
    {
        var type = definition.Type;
        if (SymbolRules.FileLocalPlace(type) is { } fileLocal)
        {
            // Partial or not, the generator's part cannot extend it from its own file: say so, as for contexts and nodes.
            definition.Report(DiagnosticDescriptors.UnsupportedTypeKind, definition.Location, type.Name, "Workflow", fileLocal);
        }
        else if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsStatic || !SymbolRules.IsPartialAllTheWayUp(type, cancellationToken))
        {
            // A record is a class to the compiler (so [Workflow] on one compiles), but the generator's syntax filter takes
            // class declarations only: without this, a record workflow would get neither code nor a diagnostic.
            definition.Report(DiagnosticDescriptors.WorkflowTypeInvalid, definition.Location, type.Name);
        }

        // [Node] or [BatchContext] would generate members the workflow generates too.
        foreach (var other in type.GetAttributes())
        {
            if (Is(other, FloxideNames.Attributes.Node) || Is(other, FloxideNames.Attributes.BatchContext))
            {
                var role = other.AttributeClass!.Name.Substring(0, other.AttributeClass.Name.Length - "Attribute".Length);
                definition.Report(DiagnosticDescriptors.WorkflowHasAnotherRole, LocationOf(other, cancellationToken), type.Name, role);
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (!SymbolRules.IsUserDeclared(member))
            {
                continue;
            }

            var isConstructor = member is IMethodSymbol { MethodKind: MethodKind.Constructor };
            if (isConstructor || FloxideNames.ReservedMembers.Workflow.Contains(member.Name))
            {
                definition.Report(DiagnosticDescriptors.WorkflowReservedMember, member.Locations.FirstOrDefault(),
                    ReservedNameClash.WorkflowMember(type.Name, isConstructor ? "a constructor" : member.Name));
            }
        }

        // A base class's member of the same name would be hidden by the generated one (CS0108, CS0114), which changes what
        // code written against the base means. A base [Workflow] or [Node] counts with the public members generated for it.
        if (SymbolRules.FindInheritedClash(type, FloxideNames.ReservedMembers.Workflow, attributeMetadataName: null) is { } inherited)
        {
            definition.Report(DiagnosticDescriptors.WorkflowReservedMember, definition.Location, ReservedNameClash.WorkflowMember(type.Name, inherited));
        }

        // A member named like its type (CS0542) or its type parameter (CS0102) does not compile: such a workflow gets none.
        if (ReservedNameClash.NamedLike(type, FloxideNames.ReservedMembers.Workflow) is { } named)
        {
            definition.Report(DiagnosticDescriptors.WorkflowReservedMember, definition.Location, ReservedNameClash.WorkflowTypeName(type.Name, named.Member, named.TypeParameter));
        }

        // FLX0117: the generated constructors call base() (an abstract base's protected constructor is fine; optional
        // parameters and params arrays need no argument either).
        if (type.BaseType is { TypeKind: TypeKind.Class } baseType && !SymbolRules.CanCallBaseWithoutArguments(type, compilation))
        {
            definition.Report(DiagnosticDescriptors.WorkflowBaseWithoutParameterlessConstructor, definition.Location, type.Name, baseType.Name);
        }
    }

    /// <summary>FLX0111: the context type, and the named arguments <c>Id</c> and <c>MaxSteps</c>.</summary>
    private static void ReadArguments(WorkflowDefinition definition, AttributeData attribute, CancellationToken cancellationToken)
    {
        var name = definition.Type.Name;
        var location = LocationOf(attribute, cancellationToken);
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol namedContext && WorkflowAttributes.IsOpenGeneric(namedContext))
        {
            // No step runs on an open generic; say so rather than report every step as on another context (FLX0103).
            definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, name,
                $"the context type must be a closed type, not the open generic '{namedContext.ToDisplayString()}'; give its type arguments");
        }
        else if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol { TypeKind: not TypeKind.Error } contextType
            && !SymbolRules.HasCompilerErrors(contextType))
        {
            definition.ContextType = contextType;
        }
        else if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol)
        {
            // A type the compiler cannot resolve or construct (CS0246, CS0453): its error is the one; no context, so nothing is generated.
        }
        else
        {
            definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, name, "the context type must be a type");
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == FloxideNames.Arguments.Id)
            {
                if (argument.Value.Value is string { Length: > 0 } id)
                {
                    definition.Id = id;
                }
                else
                {
                    definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, name, "Id must not be null or empty");
                }
            }
            else if (argument.Key == FloxideNames.Arguments.MaxSteps && argument.Value.Value is int maxSteps)
            {
                if (maxSteps < 0)
                {
                    definition.Report(DiagnosticDescriptors.InvalidWorkflowArgument, location, name, "MaxSteps must be 0 (no limit) or more");
                }
                else
                {
                    definition.MaxSteps = maxSteps;
                }
            }
        }
    }
}

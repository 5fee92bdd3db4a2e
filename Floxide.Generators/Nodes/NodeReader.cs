using System.Linq;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>
/// Reads a <c>[Node]</c> type into a <see cref="NodeDefinition"/>, checking every rule on the way: the single home of
/// the node rules. The generator keeps the definitions without errors (see <see cref="NodeParser"/>); <c>NodeAnalyzer</c>
/// reports the problems of all of them.
/// </summary>
/// <remarks>
/// The rules (diagnostic IDs in parentheses; "elsewhere" means the type is refused and another diagnostic explains why):
/// <list type="bullet">
/// <item>N1: a non-static, non-file-local class or record class (FLX0022; a struct is the compiler's CS0592).</item>
/// <item>N2: it and every containing type are <c>partial</c> in every declaration (FLX0001, elsewhere).</item>
/// <item>N3: it neither declares nor inherits (in sight: not private, nor internal to another assembly) a member named
/// <c>Id</c> or <c>RunAsync</c>, declares none named like the resilience helpers
/// (<see cref="FloxideNames.ReservedMembers.NodeHelpers"/>), is not itself named like any of them (CS0542), and no base type is
/// itself a [Node] (a base [Workflow] counts as declaring its generated <c>Id</c> and <c>RunAsync</c>) (FLX0023).</item>
/// <item>N4: <c>Id</c>, when given in the attribute, is not null or empty (FLX0027).</item>
/// <item>N5: it declares exactly one member named <c>Process</c> or <c>ProcessAsync</c> (overloads count), a method
/// (FLX0015, FLX0016, FLX0017).</item>
/// <item>N6: an instance method, not generic, taking the context (by value or <c>in</c>; not a ref struct or pointer) and
/// optionally a <c>CancellationToken</c> by value (FLX0017); context and return types that resolve (elsewhere).</item>
/// <item>N7: it returns <c>void</c> (not <c>async void</c>, FLX0019), <c>bool</c>, <c>NodeAction</c> or an enum, or a
/// <c>Task</c>/<c>ValueTask</c> of nothing or of one of those, not by reference (FLX0018).</item>
/// <item>N8: its [Retry], [Timeout], [RateLimit] and [ConcurrencyLimit] are valid (FLX0150 to FLX0154, FLX0160, FLX0161 and
/// FLX0165, <see cref="ResilienceReader"/>).</item>
/// <item>N9: with [Timeout], a supported process method takes the CancellationToken, which is all the timeout can cancel
/// (FLX0159, a warning: the node is still generated). A method that takes it and never uses it is FLX0163's, which
/// reads the method's body and so lives in <c>TimeoutTokenAnalyzer</c>, not here.</item>
/// <item>And [Node] is not repeated on two partial declarations (the compiler's CS0579, elsewhere).</item>
/// </list>
/// </remarks>
internal static class NodeReader
{
    /// <summary>Reads <paramref name="type"/>, which carries <paramref name="attribute"/> (<c>[Node]</c>).</summary>
    public static NodeDefinition Read(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var definition = new NodeDefinition(type) { IsExplainedElsewhere = SymbolRules.IsAttributeRepeated(type, attribute) };

        // N1
        if (type.TypeKind != TypeKind.Class)
        {
            definition.IsExplainedElsewhere = true;
            return definition;
        }

        var fileLocal = SymbolRules.FileLocalPlace(type);
        if (type.IsStatic || fileLocal is not null)
        {
            definition.Report(DiagnosticDescriptors.UnsupportedTypeKind, null, type.Name, "Node", type.IsStatic ? "static" : fileLocal!);
            return definition;
        }

        // N3, first: a node derived from another [Node] inherits its generated members and its process method, so the
        // other rules (FLX0015 for a process method declared on the base) would only echo this one cause.
        if (SymbolRules.AnnotatedBase(type, FloxideNames.Attributes.Node) is { } annotatedBase)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.Member(type.Name, annotatedBase.Name, "Node"));
            return definition;
        }

        // N2
        definition.IsExplainedElsewhere |= !SymbolRules.IsPartialAllTheWayUp(type, cancellationToken);

        // N3
        foreach (var member in SymbolRules.DeclaredReservedMembers(type, [.. FloxideNames.ReservedMembers.Node, .. FloxideNames.ReservedMembers.NodeHelpers]))
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), ReservedNameClash.Member(type.Name, member.Name, "Node"));
        }

        if (SymbolRules.FindInheritedClash(type, FloxideNames.ReservedMembers.Node, FloxideNames.Attributes.Node) is { } inherited)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.Member(type.Name, inherited, "Node"));
        }

        // A member named like its type (CS0542) or its type parameter (CS0102) does not compile: such a node gets none.
        if (ReservedNameClash.NamedLike(type, FloxideNames.ReservedMembers.Node, FloxideNames.ReservedMembers.NodeHelpers) is { } named)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.TypeName(type.Name, named.Member, named.TypeParameter, "Node"));
        }

        // N4
        if (FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.Id) is { } id)
        {
            if (id.Value is string { Length: > 0 } given)
            {
                definition.Id = given;
            }
            else
            {
                var location = FloxideAttributes.ArgumentLocation(attribute, FloxideNames.Arguments.Id, cancellationToken);
                definition.Report(DiagnosticDescriptors.EmptyNodeId, location ?? Location.None, type.Name);
            }
        }

        ReadProcessMethod(definition);

        // N8
        definition.Resilience = ResilienceReader.Read(definition, stepLevel: true, cancellationToken);

        // N9: Polly's timeout only cancels the token; a method that never gets it runs on past the timeout.
        // A timeout out of range is FLX0153's already (an error): one diagnostic for one mistake.
        if (definition is { Resilience.TimeoutMs: { } timeoutMs, ContextType: not null, Method: { Parameters.Length: 1 } method } && ResilienceReader.IsTimeoutInRange(timeoutMs))
        {
            definition.Report(DiagnosticDescriptors.TimeoutWithoutCancellationToken, method.Locations.FirstOrDefault(), type.Name, method.Name);
        }

        // N10: a step-level retry re-runs on the same instance, so on the DbContext whose tracker holds the failed try's changes.
        if (definition.Resilience is { MaxAttempts: > 1 } && FloxideAttributes.Find(type, FloxideNames.Attributes.Retry) is { } retry
            && DbContextParameter(type) is { } unitOfWork)
        {
            definition.Report(DiagnosticDescriptors.RetryOverUnitOfWork, FloxideAttributes.LocationOf(retry, cancellationToken), type.Name, unitOfWork.Type.Name, unitOfWork.Name);
        }

        return definition;
    }

    /// <summary>The first constructor parameter whose type is an Entity Framework Core DbContext, if any.</summary>
    private static IParameterSymbol? DbContextParameter(INamedTypeSymbol type) =>
        type.InstanceConstructors.SelectMany(c => c.Parameters).FirstOrDefault(p => SymbolRules.DerivesFrom(p.Type, IsDbContext));

    private static bool IsDbContext(INamedTypeSymbol type) =>
        type is { Name: "DbContext", ContainingNamespace: { Name: "EntityFrameworkCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>N5 to N7.</summary>
    private static void ReadProcessMethod(NodeDefinition definition)
    {
        var type = definition.Type;
        var candidates = ProcessMethodRules.GetCandidates(type);
        if (candidates.Length == 0)
        {
            definition.Report(DiagnosticDescriptors.MissingProcessMethod, null, type.Name);
            return;
        }

        if (candidates.Length > 1)
        {
            foreach (var candidate in candidates)
            {
                definition.Report(DiagnosticDescriptors.MultipleProcessMethods, candidate.Locations.FirstOrDefault(), type.Name, candidates.Length);
            }

            return;
        }

        if (ProcessMethodRules.AsMethod(candidates[0]) is not { } method)
        {
            definition.Report(DiagnosticDescriptors.UnsupportedProcessMethod, candidates[0].Locations.FirstOrDefault(), candidates[0].Name, "it must be a method");
            return;
        }

        definition.Method = method;
        var location = method.Locations.FirstOrDefault();
        if (ProcessMethodRules.GetShapeProblem(method) is { } problem)
        {
            definition.Report(DiagnosticDescriptors.UnsupportedProcessMethod, location, method.Name, problem);
        }
        else if (ProcessMethodRules.GetContextType(method) is { } context)
        {
            definition.ContextType = context;
        }
        else
        {
            // A supported shape whose context type does not bind: the compiler reports that.
            definition.IsExplainedElsewhere = true;
        }

        if (ProcessMethodRules.IsAsyncVoid(method))
        {
            definition.Report(DiagnosticDescriptors.AsyncVoidProcessMethod, location, method.Name);
        }
        else if (SymbolRules.HasErrors(method.ReturnType))
        {
            definition.IsExplainedElsewhere = true;
        }
        else if (ProcessMethodRules.GetResultKind(method, out var awaitKind) is { } resultKind)
        {
            definition.AwaitKind = awaitKind;
            definition.ResultKind = resultKind;
        }
        else
        {
            var shown = method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            definition.Report(
                DiagnosticDescriptors.UnsupportedProcessReturnType, location, method.Name, method.ReturnsByRef || method.ReturnsByRefReadonly ? "ref " + shown : shown);
        }
    }
}

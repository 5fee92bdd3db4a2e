using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Helpers;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// The process-method rules of a <c>[Node]</c> type (FLX0015 to FLX0019): exactly one method named Process or
/// ProcessAsync, taking the context and an optional CancellationToken, returning a supported result, never async void.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NodeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingProcessMethod,
        DiagnosticDescriptors.MultipleProcessMethods,
        DiagnosticDescriptors.UnsupportedProcessMethod,
        DiagnosticDescriptors.UnsupportedProcessReturnType,
        DiagnosticDescriptors.AsyncVoidProcessMethod,
        DiagnosticDescriptors.UnsupportedTypeKind,
        DiagnosticDescriptors.ReservedMemberName,
        DiagnosticDescriptors.EmptyNodeId);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (FloxideSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, FloxideSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = FloxideAttributes.Find(type, FloxideNames.Attributes.Node);

        // Structs and interfaces cannot carry [Node] at all (AttributeTargets.Class): the compiler says so.
        if (attribute is null || type.TypeKind != TypeKind.Class)
        {
            return;
        }

        if (type.IsStatic || type.IsFileLocal)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedTypeKind, type.Locations.FirstOrDefault(), type.Name, "Node", type.IsStatic ? "static" : "file-local"));
            return;
        }

        foreach (var member in type.GetMembers())
        {
            if (!member.IsImplicitlyDeclared && System.Array.IndexOf(FloxideNames.ReservedMembers.Node, member.Name) >= 0 && !GeneratorInfo.IsGenerated(member))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), type.Name, member.Name, "Node"));
            }
        }

        if (SymbolRules.FindInheritedClash(type, FloxideNames.ReservedMembers.Node, FloxideNames.Attributes.Node) is { } inherited)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReservedMemberName, type.Locations.FirstOrDefault(), type.Name, inherited, "Node"));
        }

        if (FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.Id) is { Value: not string { Length: > 0 } })
        {
            var idLocation = FloxideAttributes.NamedArgumentSyntax(attribute, FloxideNames.Arguments.Id, context.CancellationToken)?.GetLocation()
                ?? FloxideAttributes.LocationOf(attribute, context.CancellationToken) ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyNodeId, idLocation, type.Name));
        }

        var candidates = ProcessMethodRules.GetCandidates(type);
        if (candidates.Length == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingProcessMethod, type.Locations.FirstOrDefault(), type.Name));
            return;
        }

        if (candidates.Length > 1)
        {
            foreach (var candidate in candidates)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MultipleProcessMethods, candidate.Locations.FirstOrDefault(), type.Name, candidates.Length));
            }

            return;
        }

        if (candidates[0] is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedProcessMethod, candidates[0].Locations.FirstOrDefault(), candidates[0].Name, "it must be a method"));
            return;
        }

        var location = method.Locations.FirstOrDefault();
        if (ProcessMethodRules.GetShapeProblem(method, symbols) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedProcessMethod, location, method.Name, problem));
        }

        if (ProcessMethodRules.IsAsyncVoid(method))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncVoidProcessMethod, location, method.Name));
        }
        else if (!SymbolRules.HasErrors(method.ReturnType) && !ProcessMethodRules.IsSupportedReturnType(method, symbols))
        {
            var shown = method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedProcessReturnType, location, method.Name, method.ReturnsByRef || method.ReturnsByRefReadonly ? "ref " + shown : shown));
        }
    }
}

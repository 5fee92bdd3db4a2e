using System.Collections.Generic;
using System.Linq;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>
/// A <c>[Node]</c> type as <see cref="NodeReader"/> reads it: its id and process method, and every rule it breaks.
/// The analyzer reports <see cref="DeclarationDefinition.Problems"/>; the generator turns a valid definition into a <see cref="NodeModel"/>.
/// Holds symbols and locations, so it never enters a pipeline step: only <see cref="ToModel"/> does.
/// </summary>
internal sealed class NodeDefinition : DeclarationDefinition
{
    public NodeDefinition(INamedTypeSymbol type)
        : base(type)
    {
        Id = type.Name;
    }

    /// <summary>The node's id: the attribute's <c>Id</c>, else the type's name.</summary>
    public string Id { get; set; }

    /// <summary>The process method, once found.</summary>
    public IMethodSymbol? Method { get; set; }

    /// <summary>The context type, once the method's shape is known to be supported.</summary>
    public ITypeSymbol? ContextType { get; set; }

    /// <summary>Whether and how the process method's result is awaited.</summary>
    public ProcessAwaitKind AwaitKind { get; set; }

    /// <summary>What the (awaited) result is, once the return type is known to be supported.</summary>
    public ProcessResultKind? ResultKind { get; set; }

    /// <summary>The step-level resilience its attributes declare, or null.</summary>
    public ResilienceModel? Resilience { get; set; }

    /// <summary>
    /// Set when the type is refused for a reason another diagnostic explains: the compiler's (a type that does not
    /// resolve, an attribute repeated on two partial declarations, a struct) or FLX0001's (a type that is not partial).
    /// </summary>
    public bool IsExplainedElsewhere { get; set; }

    /// <summary>Whether the generator may emit the node's code.</summary>
    public bool IsValid => !IsExplainedElsewhere && Method is not null && ContextType is not null && ResultKind is not null
        && HasNoErrors;

    /// <summary>The plain-value model of a valid definition.</summary>
    public NodeModel ToModel()
    {
        var method = Method!;
        return new NodeModel
        {
            Hierarchy = HierarchyInfo.From(Type),
            Id = Id,
            ContextType = SymbolNames.FullyQualified(ContextType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
            MethodName = SymbolNames.Identifier(method.Name),
            TakesCancellationToken = method.Parameters.Length == 2,
            AwaitKind = AwaitKind,
            AwaitedType = AwaitKind == ProcessAwaitKind.None ? null : SymbolNames.FullyQualified(method.ReturnType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
            ResultKind = ResultKind!.Value,
            RunAccessibility = MemberAccessibility.For(Type, ContextType!),
            Service = DependencyInjection.ServiceReader.ForNode(Type),
            Resilience = Resilience,
        };
    }
}

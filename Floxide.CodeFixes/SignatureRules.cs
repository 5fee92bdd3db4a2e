using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace Floxide.CodeFixes;

/// <summary>Whether a fix may change a method's signature (its parameters, its return type) without changing what other code means.</summary>
internal static class SignatureRules
{
    /// <summary>
    /// Whether another declaration must keep the method's parameters as they are: it overrides, can be overridden, is
    /// partial, or implements an interface member. A fix that changes them is not offered then.
    /// </summary>
    private static bool IsBoundToAnotherSignature(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.IsOverride || method.IsVirtual || method.IsAbstract || SymbolRules.IsPartialMethod(method, cancellationToken)
        || method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    /// <summary>
    /// Whether a call that binds to another method today could bind to <paramref name="method"/> once its parameters
    /// change: a base type of its type has a member of the same name (a non-virtual method the call reaches now, which
    /// the changed method would also hide), or an extension method of the same name applies to its type. Extension
    /// methods are looked for in every project's source and in the method's project's references, whether imported
    /// where a call is or not; one declared in another project counts whatever type it extends.
    /// </summary>
    private static async Task<bool> MayTakeCallsFromAnotherMethodAsync(IMethodSymbol method, Project project, CancellationToken cancellationToken)
    {
        var type = method.ContainingType;
        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (!baseType.GetMembers(method.Name).IsEmpty)
            {
                return true;
            }
        }

        var inSource = await SymbolFinder.FindSourceDeclarationsAsync(project.Solution, method.Name, ignoreCase: false, SymbolFilter.Member, cancellationToken).ConfigureAwait(false);
        var inProject = await SymbolFinder.FindDeclarationsAsync(project, method.Name, ignoreCase: false, SymbolFilter.Member, cancellationToken).ConfigureAwait(false);
        return inSource.Concat(inProject).OfType<IMethodSymbol>().Any(candidate => MayApplyTo(candidate, type));
    }

    /// <summary>
    /// Whether a fix may change <paramref name="method"/>'s parameters without breaking or redirecting other code: no other
    /// declaration is bound to them (<see cref="IsBoundToAnotherSignature"/>), no call to another method could bind to it
    /// (<see cref="MayTakeCallsFromAnotherMethodAsync"/>), and no reference breaks: none at all may exist when the
    /// parameters move, and only calls when <paramref name="callsStillCompile"/> (an optional parameter added at the end
    /// still compiles at a call, not in a method group or a <c>nameof</c>).
    /// </summary>
    public static async Task<bool> MayChangeParametersAsync(IMethodSymbol method, Project project, bool callsStillCompile, CancellationToken cancellationToken)
    {
        if (IsBoundToAnotherSignature(method, cancellationToken)
            || await MayTakeCallsFromAnotherMethodAsync(method, project, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return await HasOnlyCallsAsync(method, project, allowCalls: callsStillCompile, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a fix may change <paramref name="method"/>'s return type (<c>async void</c> to <c>async ValueTask</c>): no
    /// other declaration is bound to its signature (an interface's <c>void</c> member, an override), and every reference
    /// is a call, which compiles whatever the method returns (a method group given to an <c>Action</c> would not).
    /// </summary>
    public static async Task<bool> MayChangeReturnTypeAsync(IMethodSymbol method, Project project, CancellationToken cancellationToken) =>
        !IsBoundToAnotherSignature(method, cancellationToken)
        && await HasOnlyCallsAsync(method, project, allowCalls: true, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether every reference to the method is a call (<paramref name="allowCalls"/>); without it, whether there is none.</summary>
    private static async Task<bool> HasOnlyCallsAsync(IMethodSymbol method, Project project, bool allowCalls, CancellationToken cancellationToken)
    {
        var references = await SymbolFinder.FindReferencesAsync(method, project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (!allowCalls || !await IsCallAsync(location, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a reference names the method it calls (<c>step.Process(...)</c>, <c>Process(...)</c>).</summary>
    private static async Task<bool> IsCallAsync(ReferenceLocation location, CancellationToken cancellationToken)
    {
        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        var callee = name?.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return callee?.Parent is InvocationExpressionSyntax call && call.Expression == callee;
    }

    private static bool MayApplyTo(IMethodSymbol candidate, INamedTypeSymbol type)
    {
        // A C# 14 extension block's member: its receiver is not read here, so it counts whatever it extends.
        if (candidate.ContainingType is { TypeKind: TypeKind.Extension })
        {
            return true;
        }

        if (!candidate.IsExtensionMethod)
        {
            return false;
        }

        // Reducing works on symbols of one compilation; one from another project cannot be compared, so it counts.
        return (!SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, type.ContainingAssembly) && candidate.Locations.Any(l => l.IsInSource))
            || candidate.ReduceExtensionMethod(type) is not null;
    }
}

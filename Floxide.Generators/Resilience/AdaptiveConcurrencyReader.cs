using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.Resilience;

/// <summary>
/// Reads a <c>[BatchContext]</c>'s <c>[AdaptiveConcurrency]</c> into an <see cref="AdaptiveConcurrencyModel"/>, checking its
/// rules on the way (the context's reader calls it, so the generator and the analyzer agree).
/// </summary>
/// <remarks>
/// The rules: InitialLevel and MinimumLevel at least 1, DecreaseFactor above 0 and below 1, LatencyThresholdMs at least 1,
/// each when written (FLX0156). IsThrottled and RetryAfter each name a method with one parameter an Exception converts
/// to and the reader's return type (bool, TimeSpan?): by a bare name (a string, <c>nameof(M)</c>), a static method of
/// the context or a base type, accessible within the context (FLX0157); by <c>nameof(Type.M)</c>, a static method of that
/// type, bound as C# binds the <c>nameof</c>: not generic, not a static abstract or virtual interface member, accessible
/// within the context, of a type a generated file can name (not file-local, no type parameters but the context's), the
/// other overloads ignored (FLX0164). On either path, the method must not be <c>[Obsolete(..., error: true)]</c>, nor a type
/// containing it that the generated call names: <c>nameof</c> does not report it, but the call would get an error no pragma
/// silences. Any other <c>[Obsolete]</c> or <c>[Experimental]</c> is silenced in the generated file, as the user silences it in theirs.
/// </remarks>
internal static class AdaptiveConcurrencyReader
{
    /// <summary>A type or a method as C# messages show it, a method with its return type: <c>TimeSpan? Signals.Wait(Exception)</c>.</summary>
    private static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat.AddMemberOptions(SymbolDisplayMemberOptions.IncludeType);

    /// <summary>Reads the attribute on <paramref name="definition"/>'s type; null when it has none.</summary>
    public static AdaptiveConcurrencyModel? Read(BatchContextDefinition definition, Compilation compilation, CancellationToken cancellationToken)
    {
        var type = definition.Type;
        if (FloxideAttributes.Find(type, FloxideNames.Attributes.AdaptiveConcurrency) is not { } attribute)
        {
            return null;
        }

        var initial = Level(FloxideNames.Arguments.InitialLevel);
        var minimum = Level(FloxideNames.Arguments.MinimumLevel);
        double? factor = FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.DecreaseFactor) is { Value: double given } ? given : null;
        if (factor is { } f && !(f > 0 && f < 1))
        {
            OutOfRange(FloxideNames.Arguments.DecreaseFactor, f.ToString("R", CultureInfo.InvariantCulture), "above 0 and below 1");
        }

        var latency = Level(FloxideNames.Arguments.LatencyThresholdMs, "at least 1 (milliseconds)");

        return new AdaptiveConcurrencyModel
        {
            InitialLevel = initial,
            MinimumLevel = minimum,
            DecreaseFactor = factor,
            LatencyThresholdMs = latency,
            UseBuiltInSignals = FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.UseBuiltInSignals) is { Value: bool useBuiltIn } ? useBuiltIn : null,
            IsThrottled = Reader(FloxideNames.Arguments.IsThrottled, static t => t.SpecialType == SpecialType.System_Boolean, "bool"),
            RetryAfter = Reader(FloxideNames.Arguments.RetryAfter, IsNullableTimeSpan, "TimeSpan?"),
        };

        // A whole number the attribute takes, at least 1 (a level, or milliseconds).
        int? Level(string name, string rule = "at least 1")
        {
            var level = FloxideAttributes.IntArgument(attribute, name);
            if (level < 1)
            {
                OutOfRange(name, level.Value.ToString(CultureInfo.InvariantCulture), rule);
            }

            return level;
        }

        void OutOfRange(string name, string value, string rule) =>
            definition.Report(DiagnosticDescriptors.AdaptiveSettingOutOfRange, FloxideAttributes.ArgumentLocation(attribute, name, cancellationToken), name, value, type.Name, rule);

        // The method, when one fits; else null (reported, unless the argument is null: then nothing was asked for).
        AdaptiveReaderModel? Reader(string argument, Func<ITypeSymbol, bool> returns, string returnsText)
        {
            if (FloxideAttributes.NamedArgument(attribute, argument) is not { Value: string name })
            {
                return null;
            }

            // nameof(Type.M) names that type's method; a string or nameof(M) one of the context's own, as it always has.
            if (FloxideAttributes.NameofMemberAccess(attribute, argument, cancellationToken) is { } reference)
            {
                // Bound as the compiler bound the nameof; the overload the generated code can pass as the delegate. The
                // attribute's tree is this compilation's: the context is declared in it (the generator and the analyzer
                // see no other, and a workflow reads a context of its own assembly only, WorkflowStepReader.IsDeclaredInSource).
                var semanticModel = compilation.GetSemanticModel(reference.SyntaxTree);
                var group = MethodGroup(reference, semanticModel, cancellationToken);
                var method = Bound(group.Where(m => Fits(m, returns) && IsUsableFrom(m, type, compilation)));
                var problem = method is null ? Problem(reference, group, semanticModel, type, returns, returnsText, cancellationToken) : ObsoleteError(method, type, qualified: true);
                if (problem is null)
                {
                    definition.ReadersOfOtherTypes.Add(method!);
                    return new AdaptiveReaderModel { DeclaringType = SymbolNames.FullyQualified(method!.ContainingType), Method = SymbolNames.Identifier(method.Name) };
                }

                definition.Report(
                    DiagnosticDescriptors.AdaptiveReaderOfTypeUnusable,
                    FloxideAttributes.ArgumentLocation(attribute, argument, cancellationToken),
                    argument,
                    reference.ToString(),
                    type.Name,
                    problem);
                return null;
            }

            // Methods lists a derived type's overloads before its base's, and the generated method group binds the same way.
            var fitting = Bound(Methods(type, name).Where(m => Fits(m, returns) && compilation.IsSymbolAccessibleWithin(m, type)));
            var deprecation = fitting is null ? null : ObsoleteError(fitting, type, qualified: false);
            if (fitting is not null && deprecation is null)
            {
                return new AdaptiveReaderModel { DeclaringType = null, Method = SymbolNames.Identifier(name) };
            }

            definition.Report(
                DiagnosticDescriptors.AdaptiveReaderNotFound,
                FloxideAttributes.ArgumentLocation(attribute, argument, cancellationToken),
                argument,
                name,
                type.Name,
                returnsText,
                deprecation is null ? "" : ": " + deprecation);
            return null;
        }
    }

    /// <summary>
    /// The methods <paramref name="reference"/> binds to, as the compiler bound its <c>nameof</c>: the method group (its
    /// inaccessible overloads too, when it has no other), or nothing when it names no method.
    /// </summary>
    private static IReadOnlyList<IMethodSymbol> MethodGroup(MemberAccessExpressionSyntax reference, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var bound = semanticModel.GetSymbolInfo(reference, cancellationToken);
        return bound.Symbol is IMethodSymbol single ? [single] : [.. bound.CandidateSymbols.OfType<IMethodSymbol>()];
    }

    /// <summary>
    /// Of the overloads that fit, in their order, the one C# binds the reader's delegate to: the first taking Exception,
    /// else the first taking object (a stable sort keeps the order within each).
    /// </summary>
    private static IMethodSymbol? Bound(IEnumerable<IMethodSymbol> fitting) =>
        fitting.OrderBy(m => m.Parameters[0].Type.SpecialType == SpecialType.System_Object ? 1 : 0).FirstOrDefault();

    /// <summary>
    /// Whether the generated code, in a file of its own inside <paramref name="context"/>, can write <paramref name="method"/>
    /// as <c>global::Type.M</c>: static in a way C# calls through the type (not an abstract or virtual interface member),
    /// accessible there, of a type that file can name.
    /// </summary>
    private static bool IsUsableFrom(IMethodSymbol method, INamedTypeSymbol context, Compilation compilation) =>
        method is { IsAbstract: false, IsVirtual: false }
        && compilation.IsSymbolAccessibleWithin(method, context)
        && !SymbolRules.HasErrors(method.ContainingType)
        && !SymbolRules.MentionsTypeParameterOutside(method.ContainingType, context);

    /// <summary>Why no overload <paramref name="reference"/> names can be the reader: the end of FLX0164's message.</summary>
    private static string Problem(
        MemberAccessExpressionSyntax reference,
        IReadOnlyList<IMethodSymbol> group,
        SemanticModel semanticModel,
        INamedTypeSymbol context,
        Func<ITypeSymbol, bool> returns,
        string returnsText,
        CancellationToken cancellationToken)
    {
        var name = reference.Name.Identifier.ValueText;
        if (group.Count == 0)
        {
            if (semanticModel.GetSymbolInfo(reference, cancellationToken).Symbol is { } other)
            {
                var kind = KindName(other);
                return $"'{reference}' is {("aeiou".IndexOf(kind[0]) >= 0 ? "an" : "a")} {kind}, not a method";
            }

            return semanticModel.GetSymbolInfo(reference.Expression, cancellationToken).Symbol is INamedTypeSymbol { TypeKind: not TypeKind.Error } owner
                ? $"'{Display(owner)}' has no method '{name}'"
                : $"'{reference.Expression}' is not a type that '{context.Name}' can see";
        }

        var shaped = group.Where(m => HasShape(m, returns)).ToList();
        if (shaped.Count == 0)
        {
            return $"'{reference}' has no overload '{returnsText} {name}(Exception)', only {string.Join(", ", group.Select(m => "'" + Display(m) + "'"))}";
        }

        // Of the overloads of the reader's shape, the first one's first flaw: each one has one, or it would have been used.
        var method = shaped[0];
        var shown = Display(method);
        var declaring = method.ContainingType;
        if (!method.IsStatic)
        {
            return $"'{shown}' is an instance method, and a reader is called without an instance, so it must be static";
        }

        if (method.IsGenericMethod)
        {
            return $"'{shown}' is generic, and the generated code has no type arguments to give it";
        }

        if (method.IsAbstract || method.IsVirtual)
        {
            return $"'{shown}' is a static abstract or virtual interface member, which C# calls only through a type parameter";
        }

        if (!semanticModel.Compilation.IsSymbolAccessibleWithin(method, context))
        {
            var declared = method.DeclaredAccessibility is Accessibility.Public ? "" : $" (it is {SyntaxFacts.GetText(method.DeclaredAccessibility)})";
            return $"'{shown}' is not accessible from '{context.Name}'{declared}, where the generated code calls it";
        }

        if (SymbolRules.MentionsFileLocal(declaring))
        {
            return $"'{Display(declaring)}' is file-local, and the code generated for '{context.Name}' is in a file of its own";
        }

        return SymbolRules.MentionsTypeParameterOutside(declaring, context)
            ? $"'{Display(declaring)}' is an open generic type, and the code generated for '{context.Name}' has no type arguments to give it: name the type with them"
            : $"'{Display(declaring)}' does not resolve";
    }

    /// <summary>
    /// Why <paramref name="method"/> cannot be the reader although it fits: an <c>[Obsolete(..., error: true)]</c> on it, or
    /// (<paramref name="qualified"/>: the generated code names its type) on a type containing it that does not contain the
    /// context. <c>nameof</c> does not report it, but the generated call would get CS0619, an error no pragma silences;
    /// null when it has none. An <c>[Obsolete]</c> context (or one inside an <c>[Obsolete]</c> type) hears of no obsolete
    /// use, as C# reports none inside what is obsolete itself.
    /// </summary>
    private static string? ObsoleteError(IMethodSymbol method, INamedTypeSymbol context, bool qualified)
    {
        for (ISymbol? outer = context; outer is INamedTypeSymbol; outer = outer.ContainingSymbol)
        {
            if (outer.GetAttributes().Any(SymbolRules.IsObsolete))
            {
                return null;
            }
        }

        for (ISymbol? current = method; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (!SymbolEqualityComparer.Default.Equals(current, method) && (!qualified || Contains(current, context)))
            {
                break; // referenced from inside, or not named: the compiler judges the member by its own attributes
            }

            if (current.GetAttributes().FirstOrDefault(a => SymbolRules.IsObsolete(a) && a.ConstructorArguments is [_, { Value: true }]) is { } error)
            {
                return $"'{Display(current)}' is [Obsolete({(error.ConstructorArguments[0].Value is string message ? SymbolDisplay.FormatLiteral(message, quote: true) : "null")}, error: true)], "
                    + "an error wherever it is called, and the generated code calls it where no pragma can silence that: use a method that is not obsolete";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="context"/> or a type that contains it.</summary>
    private static bool Contains(ISymbol type, INamedTypeSymbol context)
    {
        for (ISymbol? inner = context; inner is INamedTypeSymbol; inner = inner.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(inner, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How a symbol that is not a method is called in FLX0164's message.</summary>
    private static string KindName(ISymbol symbol) => symbol.Kind switch
    {
        SymbolKind.NamedType => "type",
        SymbolKind.Namespace => "namespace",
        _ => symbol.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>How diagnostics spell a type or a method: <c>TimeSpan? ThrottlingSignals.RetryAfterOf(Exception)</c>.</summary>
    private static string Display(ISymbol symbol) => symbol.ToDisplayString(MessageFormat);

    /// <summary>The methods named <paramref name="name"/> on the type and its base types.</summary>
    private static IEnumerable<IMethodSymbol> Methods(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var method in current.GetMembers(name).OfType<IMethodSymbol>())
            {
                yield return method;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="method"/> converts to the reader's delegate: static, not generic, of the reader's shape
    /// (<see cref="HasShape"/>).
    /// </summary>
    private static bool Fits(IMethodSymbol method, Func<ITypeSymbol, bool> returns) =>
        method is { IsStatic: true, MethodKind: MethodKind.Ordinary, IsGenericMethod: false } && HasShape(method, returns);

    /// <summary>
    /// Whether <paramref name="method"/> has the reader's shape: one by-value parameter that an Exception converts to
    /// (Exception or object), returning, not by reference, what <paramref name="returns"/> accepts.
    /// </summary>
    private static bool HasShape(IMethodSymbol method, Func<ITypeSymbol, bool> returns) =>
        method is { ReturnsByRef: false, ReturnsByRefReadonly: false, Parameters: [{ RefKind: RefKind.None } parameter] }
        && (parameter.Type.SpecialType == SpecialType.System_Object || SymbolRules.IsSystemType(parameter.Type, "Exception"))
        && returns(method.ReturnType);

    private static bool IsNullableTimeSpan(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [var value] } && SymbolRules.IsSystemType(value, "TimeSpan");
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Resilience;

/// <summary>
/// Reads a <c>[BatchContext]</c>'s <c>[AdaptiveConcurrency]</c> into an <see cref="AdaptiveConcurrencyModel"/>, checking its
/// rules on the way (the context's reader calls it, so the generator and the analyzer agree).
/// </summary>
/// <remarks>
/// The rules: InitialLevel and MinimumLevel at least 1, DecreaseFactor above 0 and below 1, LatencyThresholdMs at least 1,
/// each when written (FLX0156); IsThrottled and RetryAfter each name a static method of the context or a base type,
/// accessible within the context, with one parameter an Exception converts to and the reader's return type: bool,
/// TimeSpan? (FLX0157).
/// </remarks>
internal static class AdaptiveConcurrencyReader
{
    /// <summary>Reads the attribute on <paramref name="definition"/>'s type; null when it has none.</summary>
    public static AdaptiveConcurrencyModel? Read(DeclarationDefinition definition, Compilation compilation, CancellationToken cancellationToken)
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

        // The method's name, as an identifier, when one fits; else null (reported, unless the argument is null: then
        // nothing was asked for).
        string? Reader(string argument, Func<ITypeSymbol, bool> returns, string returnsText)
        {
            if (FloxideAttributes.NamedArgument(attribute, argument) is not { Value: string name })
            {
                return null;
            }

            if (Methods(type, name).Any(m => Fits(m, returns) && compilation.IsSymbolAccessibleWithin(m, type)))
            {
                return SymbolNames.Identifier(name);
            }

            definition.Report(
                DiagnosticDescriptors.AdaptiveReaderNotFound, FloxideAttributes.ArgumentLocation(attribute, argument, cancellationToken), argument, name, type.Name, returnsText);
            return null;
        }
    }

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
    /// Whether <paramref name="method"/> converts to the reader's delegate: static, not generic, one by-value parameter that
    /// an Exception converts to (Exception or object), returning what <paramref name="returns"/> accepts.
    /// </summary>
    private static bool Fits(IMethodSymbol method, Func<ITypeSymbol, bool> returns) =>
        method is { IsStatic: true, MethodKind: MethodKind.Ordinary, IsGenericMethod: false, ReturnsByRef: false, ReturnsByRefReadonly: false, Parameters: [{ RefKind: RefKind.None } parameter] }
        && (parameter.Type.SpecialType == SpecialType.System_Object || SymbolRules.IsSystemType(parameter.Type, "Exception"))
        && returns(method.ReturnType);

    private static bool IsNullableTimeSpan(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [var value] } && SymbolRules.IsSystemType(value, "TimeSpan");
}

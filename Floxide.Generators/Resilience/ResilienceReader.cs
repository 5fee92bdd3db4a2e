using System.Collections.Generic;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Resilience;

/// <summary>
/// Reads the resilience attributes of a <c>[BatchContext]</c> or <c>[Node]</c> type into a <see cref="ResilienceModel"/>,
/// checking their rules on the way; the readers of both call it, so the generator and the analyzers agree.
/// </summary>
/// <remarks>
/// The rules: [Retry] MaxAttempts at least 1 (FLX0150), DelayMs from 0 to a day (FLX0151), every On type an exception
/// (FLX0152) and none file-local (FLX0161), Backoff a RetryBackoff member (FLX0160); [Timeout] Ms from 10 to a day
/// (FLX0153); [RateLimit] PermitsPerSecond at least 1 (FLX0154); on a [Node], [ConcurrencyLimit] PermitLimit at least 1
/// (FLX0165). The ranges are Polly's and System.Threading.RateLimiting's: they validate their options when the pipeline
/// and limiters are built, in the type's static initialiser, where a value out of range would be a
/// TypeInitializationException that leaves the type unusable for the rest of the process.
/// MaxAttempts, PermitsPerSecond and PermitLimit have no maximum: Polly takes up to int.MaxValue retries, and a token
/// bucket or a concurrency limiter any positive limit. [ConcurrencyLimit] elsewhere than on a [Node] is FLX0166's
/// (ResilienceAttributeAnalyzer), so it is read only at step level.
/// </remarks>
internal static class ResilienceReader
{
    // The attributes' defaults (RetryAttribute's initialisers): only the arguments written appear in AttributeData.
    private const int DefaultMaxAttempts = 3;
    private const int DefaultDelayMs = 200;

    /// <summary>The shortest timeout Polly's <c>TimeoutStrategyOptions.Timeout</c> accepts, in milliseconds.</summary>
    internal const int MinimumTimeoutMs = 10;

    /// <summary>The longest timeout Polly's <c>TimeoutStrategyOptions.Timeout</c> accepts, in milliseconds: one day.</summary>
    internal const int MaximumTimeoutMs = 86_400_000;

    /// <summary>The longest base delay Polly's <c>RetryStrategyOptions.Delay</c> accepts, in milliseconds: one day (the shortest is 0).</summary>
    internal const int MaximumDelayMs = 86_400_000;

    /// <summary>Whether a <c>[Timeout]</c> of <paramref name="ms"/> is one Polly accepts (FLX0153 reports the others).</summary>
    internal static bool IsTimeoutInRange(int ms) => ms is >= MinimumTimeoutMs and <= MaximumTimeoutMs;

    /// <summary>The <c>Ms</c> a <c>[Timeout]</c> gives: 0 when it gives none, which is out of range (FLX0153).</summary>
    internal static int TimeoutMsOf(AttributeData timeout) => FloxideAttributes.IntArgument(timeout, FloxideNames.Arguments.Ms) ?? 0;

    private static readonly string[] Backoffs = ["Constant", "Linear", "Exponential"];

    /// <summary>Reads the attributes on <paramref name="definition"/>'s type; null when it has none.</summary>
    /// <param name="definition">The declaration read, which collects the problems.</param>
    /// <param name="stepLevel">Whether the type is a [Node], the one kind that reads [ConcurrencyLimit].</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static ResilienceModel? Read(DeclarationDefinition definition, bool stepLevel, CancellationToken cancellationToken)
    {
        var type = definition.Type;
        var retry = FloxideAttributes.Find(type, FloxideNames.Attributes.Retry);
        var timeout = FloxideAttributes.Find(type, FloxideNames.Attributes.Timeout);
        var rateLimit = FloxideAttributes.Find(type, FloxideNames.Attributes.RateLimit);
        var concurrencyLimit = stepLevel ? FloxideAttributes.Find(type, FloxideNames.Attributes.ConcurrencyLimit) : null;
        if (retry is null && timeout is null && rateLimit is null && concurrencyLimit is null)
        {
            return null;
        }

        var maxAttempts = 0;
        var delayMs = DefaultDelayMs;
        var backoff = 2;
        var jitter = true;
        var on = new List<string>();
        if (retry is not null)
        {
            maxAttempts = FloxideAttributes.IntArgument(retry, FloxideNames.Arguments.MaxAttempts) ?? DefaultMaxAttempts;
            if (maxAttempts < 1)
            {
                definition.Report(DiagnosticDescriptors.RetryAttemptsBelowOne, FloxideAttributes.ArgumentLocation(retry, FloxideNames.Arguments.MaxAttempts, cancellationToken), maxAttempts, type.Name);
            }

            delayMs = FloxideAttributes.IntArgument(retry, FloxideNames.Arguments.DelayMs) ?? DefaultDelayMs;
            if (delayMs is < 0 or > MaximumDelayMs)
            {
                definition.Report(DiagnosticDescriptors.RetryDelayOutOfRange, FloxideAttributes.ArgumentLocation(retry, FloxideNames.Arguments.DelayMs, cancellationToken), delayMs, type.Name);
            }

            if (FloxideAttributes.IntArgument(retry, FloxideNames.Arguments.Backoff) is { } given)
            {
                if (given >= 0 && given < Backoffs.Length)
                {
                    backoff = given;
                }
                else
                {
                    definition.Report(DiagnosticDescriptors.RetryBackoffUndefined, FloxideAttributes.ArgumentLocation(retry, FloxideNames.Arguments.Backoff, cancellationToken), given, type.Name);
                }
            }

            jitter = FloxideAttributes.NamedArgument(retry, FloxideNames.Arguments.Jitter) is not { Value: false };
            if (FloxideAttributes.NamedArgument(retry, FloxideNames.Arguments.On) is { Kind: TypedConstantKind.Array, IsNull: false } list)
            {
                // A type listed twice is one type: reported, or retried, once.
                var listed = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
                foreach (var value in list.Values)
                {
                    if (value.Kind == TypedConstantKind.Type && value.Value is null)
                    {
                        // A null in the list compiles, and dropped silently it would leave an On of nulls retrying every exception.
                        definition.Report(
                            DiagnosticDescriptors.RetryOnNonException,
                            FloxideAttributes.ArgumentLocation(retry, FloxideNames.Arguments.On, cancellationToken),
                            type.Name,
                            "null");
                        continue;
                    }

                    if (value.Value is not ITypeSymbol exception || exception.TypeKind == TypeKind.Error)
                    {
                        continue; // a type that does not resolve: the compiler says so
                    }

                    if (!listed.Add(exception))
                    {
                        continue;
                    }

                    if (!IsException(exception))
                    {
                        definition.Report(
                            DiagnosticDescriptors.RetryOnNonException,
                            FloxideAttributes.ArgumentLocation(retry, FloxideNames.Arguments.On, cancellationToken),
                            type.Name,
                            exception.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
                    }
                    else if (SymbolRules.MentionsFileLocal(exception))
                    {
                        definition.Report(
                            DiagnosticDescriptors.RetryOnFileLocalType,
                            FloxideAttributes.ArgumentLocation(retry, FloxideNames.Arguments.On, cancellationToken),
                            type.Name,
                            exception.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat));
                    }
                    else
                    {
                        on.Add(SymbolNames.FullyQualified(exception.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));
                    }
                }
            }
        }

        int? timeoutMs = null;
        if (timeout is not null)
        {
            var given = FloxideAttributes.IntArgument(timeout, FloxideNames.Arguments.Ms);
            timeoutMs = given ?? 0;
            if (!IsTimeoutInRange(timeoutMs.Value) && !IsCompilerError(timeout, FloxideNames.Arguments.Ms, given, cancellationToken))
            {
                definition.Report(
                    DiagnosticDescriptors.TimeoutOutOfRange,
                    FloxideAttributes.ArgumentLocation(timeout, FloxideNames.Arguments.Ms, cancellationToken),
                    AsWritten("Timeout", FloxideNames.Arguments.Ms, given),
                    type.Name);
            }
        }

        var permits = rateLimit is null ? (int?)null
            : AtLeastOne(definition, rateLimit, "RateLimit", FloxideNames.Arguments.PermitsPerSecond, DiagnosticDescriptors.RateNotPositive, type.Name, cancellationToken);
        var permitLimit = concurrencyLimit is null ? (int?)null
            : AtLeastOne(definition, concurrencyLimit, "ConcurrencyLimit", FloxideNames.Arguments.PermitLimit, DiagnosticDescriptors.ConcurrencyLimitNotPositive, type.Name, cancellationToken);

        return new ResilienceModel
        {
            MaxAttempts = maxAttempts,
            DelayMs = delayMs,
            Backoff = Backoffs[backoff],
            Jitter = jitter,
            On = new EquatableArray<string>(on.ToArray()),
            TimeoutMs = timeoutMs,
            PermitsPerSecond = permits,
            PermitLimit = permitLimit,
        };
    }

    private static bool IsException(ITypeSymbol type) => SymbolRules.DerivesFrom(type, static t => SymbolRules.IsSystemType(t, "Exception"));

    /// <summary>
    /// A limit's count, 0 when not given; below 1 it is reported (FLX0154, FLX0165) at the argument, named as written
    /// (<see cref="AsWritten"/>).
    /// </summary>
    private static int AtLeastOne(
        DeclarationDefinition definition, AttributeData attribute, string attributeName, string argument, DiagnosticDescriptor descriptor, string typeName, CancellationToken cancellationToken)
    {
        var given = FloxideAttributes.IntArgument(attribute, argument);
        if (given is not >= 1 && !IsCompilerError(attribute, argument, given, cancellationToken))
        {
            definition.Report(descriptor, FloxideAttributes.ArgumentLocation(attribute, argument, cancellationToken), AsWritten(attributeName, argument, given), typeName);
        }

        return given ?? 0;
    }

    /// <summary>
    /// Whether the argument is written but has no int value: no constant, or of another type (CS0182, CS0266), which the
    /// compiler reports. One error for one mistake: the rule's own would quote a value nobody wrote.
    /// </summary>
    private static bool IsCompilerError(AttributeData attribute, string argument, int? given, CancellationToken cancellationToken) =>
        given is null && FloxideAttributes.NamedArgumentSyntax(attribute, argument, cancellationToken) is not null;

    /// <summary>
    /// An attribute's argument as the user wrote it, for a message: <c>[Timeout(Ms = 9)]</c>, or <c>[Timeout] without Ms</c>
    /// when it is not given, since the 0 read then is no value anyone wrote.
    /// </summary>
    private static string AsWritten(string attributeName, string argument, int? given) =>
        given is { } value
            ? $"[{attributeName}({argument} = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})]"
            : $"[{attributeName}] without {argument}";
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Resilience;

/// <summary>
/// Writes what builds a <see cref="ResilienceModel"/>'s pipeline and limiters. Generated code has no usings, so
/// Polly's builder extensions are called as the static methods they are. Everything written here is called from a
/// static initialiser: it runs once per type, and the pipeline once more per clock a test gives a batch (lazily), never per item.
/// </summary>
internal static class ResilienceEmitter
{
    /// <summary>The name of the generated method that builds the pipeline.</summary>
    public const string BuildMethod = FloxideNames.ReservedMembers.BuildResilience;

    private const string Polly = "global::Polly.";
    private const string RateLimiting = "global::System.Threading.RateLimiting.";

    /// <summary>Whether <see cref="WriteBuildMethod"/> writes anything for <paramref name="model"/>.</summary>
    /// <param name="model">The declared resilience.</param>
    /// <param name="stepLevel">Whether the limits go into the pipeline (a [Node]) rather than into BatchOptions.</param>
    public static bool HasPipeline(ResilienceModel model, bool stepLevel) =>
        model.HasPipeline || (stepLevel && (model.PermitLimit is not null || model.PermitsPerSecond is not null));

    /// <summary>
    /// Writes <c>__FloxideBuildResilience()</c> (and its overload on a given clock): the retry outside, then (at step level) the throttling signals, so a
    /// retried 429 still reaches an adaptive batch, the concurrency limit and the rate limit (at item level, the batch's
    /// admission: its gate and permits), then the timeout, so each attempt waits for its own permits and has its own
    /// timeout, which the wait is not part of. At step level each retry is reported to Floxide's telemetry under <paramref name="stepId"/>, the node's id.
    /// </summary>
    public static void WriteBuildMethod(SourceWriter writer, ResilienceModel model, HierarchyInfo type, bool stepLevel, string? stepId = null)
    {
        // A step's limiters are made once for the type, whatever the clock its pipeline is built on: a concurrency limit
        // knows no time, and one per clock would split it. A [RateLimit]'s bucket counts time, so each clock's pipeline
        // takes its twin on that clock (the runtime's, one per clock: the system's is the one made here).
        var limiters = StepLimiters(model, type, stepLevel);
        var parameters = string.Concat(limiters.Select(static l => $", {RateLimiting}RateLimiter {l.Parameter}"));
        var arguments = string.Concat(limiters.Select(static l => $", {l.Parameter}"));
        var made = limiters.Count == 0 ? "" : $", and its one {string.Join(" and one ", limiters.Select(static l => l.Kind + " limiter"))}";
        var rate = limiters.Exists(static l => l.CountsTime);
        var same = limiters.Count == 0 ? ""
            : !rate ? ", with the same limiter"
            : limiters.Count == 1 ? ", its rate limiter counting time on that clock"
            : ", with the same concurrency limiter, its rate limiter counting time on that clock";
        var given = limiters.Count == 0 ? "" : $", with {string.Join(" and ", limiters.Select(static l => $"<paramref name=\"{l.Parameter}\"/>"))}";
        writer.Lines($$"""
            /// <summary>
            /// Builds the resilience pipeline the type's attributes declare on the system's clock{{made}};
            /// called once, by a static initialiser. A batch on another clock (a test's) runs it built on that one{{same}}.
            /// </summary>
            {{GeneratorInfo.GeneratedCodeAttribute}}
            private static {{Polly}}ResiliencePipeline {{BuildMethod}}()
            """);
        using (writer.OpenBlock())
        {
            foreach (var limiter in limiters)
            {
                writer.Line($"var {limiter.Parameter} = {limiter.Create};");
            }

            writer.Line($"return global::Floxide.GeneratedResilience.Declare({(limiters.Count == 0 ? "static " : "")}time => {BuildMethod}(time{arguments}));");
        }

        writer.Lines($$"""

            /// <summary>Builds the resilience pipeline the type's attributes declare, on <paramref name="time"/>{{given}}.</summary>
            {{GeneratorInfo.GeneratedCodeAttribute}}
            private static {{Polly}}ResiliencePipeline {{BuildMethod}}(global::System.TimeProvider time{{parameters}})
            """);

        using (writer.OpenBlock())
        {
            writer.Line($"var builder = new {Polly}ResiliencePipelineBuilder {{ TimeProvider = time }};");
            if (model.MaxAttempts > 1)
            {
                string handle;
                if (model.On.Count == 0)
                {
                    // Polly's default passes on every OperationCanceledException; only the batch's or workflow's cancellation
                    // must end the retries, so an HttpClient's timeout (a TaskCanceledException of its own) is retried.
                    handle = ", ShouldHandle = global::Floxide.GeneratedResilience.RetryAnyFailure";
                }
                else
                {
                    // Never the run's cancellation, even where On names a cancellation's type.
                    handle = $", ShouldHandle = global::Floxide.GeneratedResilience.RetryUnlessCanceled(new {Polly}PredicateBuilder()";
                    var remote = new List<string>();
                    foreach (var exception in model.On)
                    {
                        handle += $".Handle<{exception}>()";
                        remote.Add($"remote.Is<{exception}>()");
                    }

                    // The same types thrown where an executor ran the item (a silo), reported as a RemoteException.
                    handle += $".Handle<global::Floxide.RemoteException>(static remote => {string.Join(" || ", remote)}))";
                }

                // A step's retries happen inside one attempt of its item, which would never show them: each is reported as it is
                // decided, and only then (an item's retries are its attempts, which the engine sees).
                var onRetry = stepId is null
                    ? string.Empty
                    : $", OnRetry = static args => global::Floxide.GeneratedWorkflowTelemetry.StepRetrying({SymbolDisplay.FormatLiteral(stepId, quote: true)}, args)";
                writer.Line(
                    $"{Polly}RetryResiliencePipelineBuilderExtensions.AddRetry(builder, new {Polly}Retry.RetryStrategyOptions {{ MaxRetryAttempts = {Number(model.MaxAttempts - 1)}, "
                    + $"Delay = global::System.TimeSpan.FromMilliseconds({Number(model.DelayMs)}), BackoffType = {Polly}DelayBackoffType.{model.Backoff}, "
                    + $"UseJitter = {(model.Jitter ? "true" : "false")}, DelayGenerator = global::Floxide.GeneratedResilience.RetryAfterDelay{handle}{onRetry} }});");
                if (stepLevel)
                {
                    // Right inside the retry: each attempt's exception (a refused permit, a timeout) reaches an adaptive batch.
                    writer.Line("global::Floxide.FloxideResiliencePipelineBuilderExtensions.AddThrottlingSignals(builder);");
                }
            }

            foreach (var limiter in limiters)
            {
                // A RateLimiter's lease, held while the attempt runs: for a ConcurrencyLimiter that is the limit itself.
                var name = SymbolDisplay.FormatLiteral($"[{limiter.Attribute}] on {type.SimpleName}", quote: true);
                var onClock = limiter.CountsTime ? $"global::Floxide.GeneratedResilience.OnClock({limiter.Parameter}, time)" : limiter.Parameter;
                writer.Line($"global::Floxide.FloxideResiliencePipelineBuilderExtensions.AddRateLimit(builder, {onClock}, {name});");
            }

            if (model.TimeoutMs is { } timeout)
            {
                if (!stepLevel)
                {
                    // An item's attempt waits for the batch's gate and permits here, so its timeout times the work, not the queue.
                    writer.Line("global::Floxide.FloxideResiliencePipelineBuilderExtensions.AddBatchAdmission(builder);");
                }

                writer.Line($"{Polly}TimeoutResiliencePipelineBuilderExtensions.AddTimeout(builder, global::System.TimeSpan.FromMilliseconds({Number(timeout)}));");
            }

            writer.Line("return builder.Build();");
        }
    }

    /// <summary>
    /// The limiters of a step's pipeline, outermost first: [ConcurrencyLimit]'s, then [RateLimit]'s, so a run takes a token
    /// only once its turn has come and the rate counts real starts. None at item level, where a [RateLimit] is the batch's.
    /// </summary>
    private static List<(string Parameter, string Attribute, string Kind, string Create, bool CountsTime)> StepLimiters(ResilienceModel model, HierarchyInfo type, bool stepLevel)
    {
        var limiters = new List<(string Parameter, string Attribute, string Kind, string Create, bool CountsTime)>();
        if (stepLevel && model.PermitLimit is { } permitLimit)
        {
            limiters.Add(("concurrencyLimiter", "ConcurrencyLimit", "concurrency", OnePerDeclaration(ConcurrencyLimiter(permitLimit), "ConcurrencyLimit", type), false));
        }

        if (stepLevel && model.PermitsPerSecond is not null)
        {
            limiters.Add(("rateLimiter", "RateLimit", "rate", Limiter(model, type), true)); // its bucket takes its twin on each clock
        }

        return limiters;
    }

    /// <summary>The limiter of [ConcurrencyLimit]: that many runs at once, and a queue that waits, in order, as long as it takes.</summary>
    private static string ConcurrencyLimiter(int permitLimit) =>
        $"new {RateLimiting}ConcurrencyLimiter(new {RateLimiting}ConcurrencyLimiterOptions {{ PermitLimit = {Number(permitLimit)}, QueueLimit = int.MaxValue, QueueProcessingOrder = {RateLimiting}QueueProcessingOrder.OldestFirst }})";

    /// <summary>
    /// The token bucket of [RateLimit] on <paramref name="type"/>, the runtime's: the rate per second, a burst of as much,
    /// a queue that waits as long as it takes, and time counted on the clock of the batch it limits.
    /// </summary>
    public static string Limiter(ResilienceModel model, HierarchyInfo type) =>
        OnePerDeclaration($"global::Floxide.GeneratedResilience.DeclareRateLimit({Number(model.PermitsPerSecond!.Value)})", "RateLimit", type);

    /// <summary>
    /// A limiter made once for the declaration that states it. A static initialiser runs once per closed type, so in a
    /// generic type (or one nested in a generic type) the limiter comes from the runtime, keyed by the generic definition:
    /// <c>Save&lt;Order&gt;</c> and <c>Save&lt;Refund&gt;</c> share one limit, as they call one service.
    /// </summary>
    private static string OnePerDeclaration(string create, string attribute, HierarchyInfo type) =>
        type.UnboundGenericName is { } definition
            ? $"global::Floxide.GeneratedResilience.SharedLimiter(typeof({definition}), \"{attribute}\", static () => {create})"
            : create;

    /// <summary>
    /// The <c>AdaptiveConcurrency</c> of [AdaptiveConcurrency]: the settings written (the rest keep the runtime's defaults),
    /// and the readers as method groups, of the type that declares them or of <paramref name="self"/>. A group of the
    /// fully qualified type converts to the reader's delegate by overload resolution, which ignores the overloads that
    /// do not fit it (<c>ThrottlingSignals.RetryAfterOf(HttpResponseMessage, TimeProvider?)</c>).
    /// </summary>
    public static string AdaptiveConcurrency(AdaptiveConcurrencyModel model, string self)
    {
        var settings = new List<string>();
        if (model.InitialLevel is { } initial)
        {
            settings.Add($"InitialLevel = {Number(initial)}");
        }

        if (model.MinimumLevel is { } minimum)
        {
            settings.Add($"MinimumLevel = {Number(minimum)}");
        }

        if (model.DecreaseFactor is { } factor)
        {
            settings.Add($"DecreaseFactor = {factor.ToString("R", CultureInfo.InvariantCulture)}d");
        }

        if (model.LatencyThresholdMs is { } latency)
        {
            settings.Add($"LatencyThreshold = global::System.TimeSpan.FromMilliseconds({Number(latency)})");
        }

        if (model.UseBuiltInSignals is { } useBuiltIn)
        {
            settings.Add($"UseBuiltInSignals = {(useBuiltIn ? "true" : "false")}");
        }

        if (model.IsThrottled is { } isThrottled)
        {
            settings.Add($"IsThrottled = {MethodGroup(isThrottled, self)}");
        }

        if (model.RetryAfter is { } retryAfter)
        {
            settings.Add($"RetryAfter = {MethodGroup(retryAfter, self)}");
        }

        return settings.Count == 0 ? "new global::Floxide.AdaptiveConcurrency()" : $"new global::Floxide.AdaptiveConcurrency {{ {string.Join(", ", settings)} }}";
    }

    private static string MethodGroup(AdaptiveReaderModel reader, string self) => $"{reader.DeclaringType ?? self}.{reader.Method}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

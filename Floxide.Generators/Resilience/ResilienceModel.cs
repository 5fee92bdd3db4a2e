using Floxide.Generators.Models;

namespace Floxide.Generators.Resilience;

/// <summary>The resilience a <c>[BatchContext]</c> or <c>[Node]</c> declares ([Retry], [Timeout], [RateLimit], and a node's [ConcurrencyLimit]); plain values only.</summary>
internal sealed record ResilienceModel
{
    /// <summary>The total attempts of [Retry], or 0 when there is no [Retry].</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The retry's base delay in milliseconds.</summary>
    public required int DelayMs { get; init; }

    /// <summary>The retry's backoff: the name of a Polly <c>DelayBackoffType</c> member.</summary>
    public required string Backoff { get; init; }

    /// <summary>Whether the retry's delays are jittered.</summary>
    public required bool Jitter { get; init; }

    /// <summary>The exception types retried, fully qualified; empty for every exception but cancellation.</summary>
    public required EquatableArray<string> On { get; init; }

    /// <summary>The timeout in milliseconds, or null when there is no [Timeout].</summary>
    public required int? TimeoutMs { get; init; }

    /// <summary>The permits per second of [RateLimit], or null when there is none.</summary>
    public required int? PermitsPerSecond { get; init; }

    /// <summary>The runs at once of a [Node]'s [ConcurrencyLimit], or null when there is none (always, on a [BatchContext]).</summary>
    public required int? PermitLimit { get; init; }

    /// <summary>Whether a pipeline is needed (a retry or a timeout).</summary>
    public bool HasPipeline => MaxAttempts > 0 || TimeoutMs is not null;
}

namespace Floxide.Generators.Resilience;

/// <summary>
/// The <c>[AdaptiveConcurrency]</c> a <c>[BatchContext]</c> declares; plain values only. A setting that was not written
/// is null, and the generated options leave it at the runtime's default.
/// </summary>
internal sealed record AdaptiveConcurrencyModel
{
    /// <summary>The level the batch starts at.</summary>
    public required int? InitialLevel { get; init; }

    /// <summary>The level a decrease never goes below.</summary>
    public required int? MinimumLevel { get; init; }

    /// <summary>What a throttling signal multiplies the level by.</summary>
    public required double? DecreaseFactor { get; init; }

    /// <summary>The latency threshold in milliseconds.</summary>
    public required int? LatencyThresholdMs { get; init; }

    /// <summary>Whether the built-in throttling signals count.</summary>
    public required bool? UseBuiltInSignals { get; init; }

    /// <summary>The static <c>bool M(Exception)</c> classifier, or null.</summary>
    public required AdaptiveReaderModel? IsThrottled { get; init; }

    /// <summary>The static <c>TimeSpan? M(Exception)</c> wait reader, or null.</summary>
    public required AdaptiveReaderModel? RetryAfter { get; init; }
}

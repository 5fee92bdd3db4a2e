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

    /// <summary>The name of the context's static <c>bool M(Exception)</c> classifier, spelled as an identifier (<c>@checked</c>).</summary>
    public required string? IsThrottled { get; init; }

    /// <summary>The name of the context's static <c>TimeSpan? M(Exception)</c> wait reader, spelled as an identifier.</summary>
    public required string? RetryAfter { get; init; }
}

namespace Floxide;

/// <summary>
/// Makes a <c>[BatchContext]</c>'s <c>MaxDegreeOfParallelism</c> a ceiling below which every batch over the type finds
/// the level the downstream service sustains: the generated <c>DefaultBatchOptions</c> get an
/// <see cref="Floxide.AdaptiveConcurrency"/> with these settings (each one left unset keeps that type's default).
/// The two readers are named, not written, since an attribute cannot hold a delegate:
/// <c>IsThrottled = nameof(M)</c> names a static <c>bool M(Exception)</c> of the context, and
/// <c>RetryAfter = nameof(M)</c> a static <c>TimeSpan? M(Exception)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class AdaptiveConcurrencyAttribute : Attribute
{
    /// <summary>Gets or sets the level the batch starts at, at least 1 (<see cref="Floxide.AdaptiveConcurrency.InitialLevel"/>).</summary>
    public int InitialLevel { get; set; }

    /// <summary>Gets or sets the level a decrease never goes below, at least 1 (<see cref="Floxide.AdaptiveConcurrency.MinimumLevel"/>).</summary>
    public int MinimumLevel { get; set; }

    /// <summary>Gets or sets what a throttling signal multiplies the level by, above 0 and below 1 (<see cref="Floxide.AdaptiveConcurrency.DecreaseFactor"/>).</summary>
    public double DecreaseFactor { get; set; }

    /// <summary>Gets or sets the attempt duration, in milliseconds and at least 1, above which a success counts as a throttling signal (<see cref="Floxide.AdaptiveConcurrency.LatencyThreshold"/>).</summary>
    public int LatencyThresholdMs { get; set; }

    /// <summary>Gets or sets the name of the context's static <c>bool M(Exception)</c> that classifies throttling exceptions (<see cref="Floxide.AdaptiveConcurrency.IsThrottled"/>).</summary>
    public string? IsThrottled { get; set; }

    /// <summary>Gets or sets the name of the context's static <c>TimeSpan? M(Exception)</c> that reads the wait a throttled attempt asks for (<see cref="Floxide.AdaptiveConcurrency.RetryAfter"/>).</summary>
    public string? RetryAfter { get; set; }
}

namespace Floxide;

/// <summary>
/// Makes a <c>[BatchContext]</c>'s <c>MaxDegreeOfParallelism</c> a ceiling below which every batch over the type finds
/// the level the downstream service sustains: the generated <c>DefaultBatchOptions</c> get an
/// <see cref="Floxide.AdaptiveConcurrency"/> with these settings (each one left unset keeps that type's default).
/// The two readers are named, not written, since an attribute cannot hold a delegate:
/// <c>IsThrottled = nameof(M)</c> names a static <c>bool M(Exception)</c> of the context, and
/// <c>RetryAfter = nameof(M)</c> a static <c>TimeSpan? M(Exception)</c>. A method of another type is named with its
/// type, <c>nameof(Type.M)</c>: <c>RetryAfter = nameof(ThrottlingSignals.RetryAfterOf)</c> passes
/// <see cref="ThrottlingSignals.RetryAfterOf(Exception)"/>, the overload of the reader's shape (the others are ignored).
/// </summary>
/// <remarks>
/// A bare name, a string or <c>nameof(M)</c>, always names a method of the context or a base type (FLX0157); with a type,
/// the method must be static, not generic, and callable from the context (FLX0164).
/// </remarks>
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

    /// <summary>
    /// Gets or sets the static <c>bool M(Exception)</c> that classifies throttling exceptions (<see cref="Floxide.AdaptiveConcurrency.IsThrottled"/>):
    /// <c>nameof(M)</c> for the context's own, <c>nameof(Type.M)</c> for another type's.
    /// </summary>
    public string? IsThrottled { get; set; }

    /// <summary>
    /// Gets or sets whether the built-in throttling signals count (an HTTP 429 or 503, a refused permit); defaults to true.
    /// False for a service whose 503 is a fault, not load: <see cref="IsThrottled"/> then keeps the ones it wants
    /// (<see cref="Floxide.AdaptiveConcurrency.UseBuiltInSignals"/>, <see cref="ThrottlingSignals.IsBuiltInSignal(Exception)"/>).
    /// </summary>
    public bool UseBuiltInSignals { get; set; } = true;

    /// <summary>
    /// Gets or sets the static <c>TimeSpan? M(Exception)</c> that reads the wait a throttled attempt asks for (<see cref="Floxide.AdaptiveConcurrency.RetryAfter"/>):
    /// <c>nameof(M)</c> for the context's own, <c>nameof(Type.M)</c> for another type's, such as <c>nameof(ThrottlingSignals.RetryAfterOf)</c>.
    /// </summary>
    public string? RetryAfter { get; set; }
}

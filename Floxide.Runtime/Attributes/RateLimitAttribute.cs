namespace Floxide;

/// <summary>
/// Limits how often what it is put on starts, with a token bucket (a <see cref="System.Threading.RateLimiting.RateLimiter"/>):
/// on a <c>[BatchContext]</c>, every attempt of every item of every batch over that type
/// (<see cref="BatchOptions.RateLimiter"/>); on a <c>[Node]</c>, every run of that step. The bucket earns a permit every
/// 1/<see cref="PermitsPerSecond"/> s on the clock of the batch it limits (<see cref="BatchOptions.TimeProvider"/>), and
/// is built once per declaration (a generic type's closed types share it) and clock, and shared by every batch on that
/// clock, as the service it protects is; requests beyond the rate wait for a permit (in order, as long as it takes,
/// until canceled).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RateLimitAttribute : Attribute
{
    /// <summary>Gets or sets how many starts per second are allowed, at least 1 (also the most at once, after a pause).</summary>
    public int PermitsPerSecond { get; set; }
}

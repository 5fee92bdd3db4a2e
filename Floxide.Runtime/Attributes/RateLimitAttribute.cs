namespace Floxide;

/// <summary>
/// Limits how often what it is put on starts, with a token bucket of
/// <see cref="System.Threading.RateLimiting"/>: on a <c>[BatchContext]</c>, every attempt of every item
/// of every batch over that type (<see cref="BatchOptions.RateLimiter"/>); on a <c>[Node]</c>, every run of
/// that step. The limiter is built once per declaration (a generic type's closed types share it) and shared,
/// as the service it protects is; requests beyond the rate wait for a permit (in order, as long as it takes,
/// until canceled).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RateLimitAttribute : Attribute
{
    /// <summary>Gets or sets how many starts per second are allowed, at least 1 (also the burst).</summary>
    public int PermitsPerSecond { get; set; }
}

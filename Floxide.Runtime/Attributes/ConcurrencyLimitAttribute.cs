namespace Floxide;

/// <summary>
/// Limits how many runs of a <c>[Node]</c> are in flight at once in this process, with a
/// <see cref="System.Threading.RateLimiting.ConcurrencyLimiter"/>: every run of that step, across every item of
/// every batch and workflow that runs it. The limiter is built once per declaration (a generic node's closed
/// types share it) and shared, as the service or database it protects is; runs beyond the limit wait for a
/// permit (in order, as long as it takes, until canceled). Each attempt takes its permit and holds it while it
/// runs, never through a retry's delay, and a <c>[Timeout]</c> on the step times the run, not the wait. Only a
/// <c>[Node]</c> reads it: a batch's runs at once are its <see cref="BatchOptions.MaxDegreeOfParallelism"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ConcurrencyLimitAttribute : Attribute
{
    /// <summary>Gets or sets how many runs of the step may be in flight at once, at least 1.</summary>
    public int PermitLimit { get; set; }
}

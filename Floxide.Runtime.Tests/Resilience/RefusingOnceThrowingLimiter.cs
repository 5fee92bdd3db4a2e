using System.Threading.RateLimiting;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A partition's limiter that refuses the first request made without waiting, with a lease that throws each time it is
/// given back (and counts it), and grants every other request.
/// </summary>
internal sealed class RefusingOnceThrowingLimiter : RateLimiter
{
    private int _refused;
    private int _refusalDisposals;

    /// <summary>Gets how many times the refused lease was given back.</summary>
    public int RefusalDisposals => Volatile.Read(ref _refusalDisposals);

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        Interlocked.Exchange(ref _refused, 1) == 0 ? new Refusal(this) : new PlainLease(true);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(new PlainLease(true));

    private sealed class Refusal(RefusingOnceThrowingLimiter owner) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Interlocked.Increment(ref owner._refusalDisposals);
            throw new InvalidOperationException("the refusal could not be given back");
        }
    }
}

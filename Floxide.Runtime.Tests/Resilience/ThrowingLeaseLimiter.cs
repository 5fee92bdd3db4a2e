using System.Threading.RateLimiting;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>A limiter that grants every request a lease whose first disposal (of all its leases) throws.</summary>
internal sealed class ThrowingLeaseLimiter : RateLimiter
{
    private int _thrown;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new Lease(this);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(new Lease(this));

    private sealed class Lease(ThrowingLeaseLimiter owner) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref owner._thrown, 1) == 0)
            {
                throw new InvalidOperationException("the lease could not be given back");
            }
        }
    }
}

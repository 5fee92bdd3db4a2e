using System.Threading.RateLimiting;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A lease that is acquired or not: what the test limiters hand out. It carries no metadata, unless given a Retry-After,
/// which it keeps as the raw value a limiter of the user's stored (of any type, as a lease's metadata may be).
/// </summary>
internal sealed class PlainLease(bool acquired, object? retryAfter = null) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    /// <summary>Gets whether the lease was given back.</summary>
    public bool Disposed { get; private set; }

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
        return metadata is not null;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

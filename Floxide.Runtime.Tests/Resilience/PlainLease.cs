using System.Threading.RateLimiting;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>A lease that is acquired or not and carries no metadata (no Retry-After): what the test limiters hand out.</summary>
internal sealed class PlainLease(bool acquired) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    /// <summary>Gets whether the lease was given back.</summary>
    public bool Disposed { get; private set; }

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

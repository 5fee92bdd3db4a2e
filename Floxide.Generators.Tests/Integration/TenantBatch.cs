namespace Floxide.Generators.Tests.Integration;

/// <summary>A generic context with a rate limit: one token bucket for the declaration, whatever <typeparamref name="TKey"/>.</summary>
/// <typeparam name="TKey">The tenant's key.</typeparam>
[BatchContext]
[RateLimit(PermitsPerSecond = 1_000)]
public sealed partial class TenantBatch<TKey>
{
    [BatchItems] public List<TKey> Keys { get; init; } = [];

    [BatchItem] public TKey Key { get; set; } = default!;
}

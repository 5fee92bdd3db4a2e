using Floxide;

namespace HttpFanOut;

/// <summary>
/// The batch context: the parent holds the ids to fetch and, afterwards, the fetched items; each
/// item context holds one id and its response. The generator writes the batch contract, and builds
/// the retry pipeline (each attempt with its own timeout) and the adaptive concurrency settings once
/// for the type, in DefaultBatchOptions: 16 is the ceiling below which the batch finds its level.
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 16)]
[Retry(MaxAttempts = 4, DelayMs = 100, Backoff = RetryBackoff.Exponential, Jitter = true, On = new[] { typeof(HttpRequestException) })]
[Timeout(Ms = 5_000)]
[AdaptiveConcurrency]
public sealed partial class FanOutContext
{
    /// <summary>The ids to fetch.</summary>
    [BatchItems]
    public IReadOnlyList<int> Ids { get; init; } = [];

    /// <summary>The id one item context fetches.</summary>
    [BatchItem]
    public int ItemId { get; set; }

    /// <summary>The fetched item, set when the request succeeded.</summary>
    [ItemOutput]
    public FetchResult? Fetched { get; set; }

    /// <summary>Every fetched item, in id order.</summary>
    [BatchOutputs]
    public List<FetchResult> Fetches { get; } = [];

    /// <summary>The HTTP client: one for the whole batch, shared on purpose (it is thread-safe).</summary>
    [Shared]
    public required HttpClient Client { get; init; }
}

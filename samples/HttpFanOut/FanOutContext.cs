using Floxide;

namespace HttpFanOut;

/// <summary>
/// The batch context: the parent holds the ids to fetch and, afterwards, the fetched items; each
/// item context holds one id and its response. Shaped for the [BatchContext] generator: with it,
/// the members keep the attributes noted below and the three methods go away.
/// </summary>
public sealed class FanOutContext : IBatchContext<FanOutContext, int>
{
    /// <summary>The ids to fetch ([BatchItems]).</summary>
    public IReadOnlyList<int> Ids { get; init; } = null!;

    /// <summary>The id one item context fetches ([BatchItem]).</summary>
    public int Id { get; set; }

    /// <summary>The fetched item, set when the request succeeded ([ItemOutput]).</summary>
    public FetchResult? Fetched { get; set; }

    /// <summary>Every fetched item, in id order ([BatchOutputs]).</summary>
    public List<FetchResult> Fetches { get; init; } = null!;

    /// <summary>The HTTP client: one for the whole batch, shared on purpose ([Shared]).</summary>
    public HttpClient Client { get; init; } = null!;

    /// <summary>The per-request timeout; a setting copied into every item context.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    // --- What the generator emits for the members above ---

    /// <inheritdoc/>
    public BatchItems<int> GetBatchItems() => new(Ids);

    /// <inheritdoc/>
    public FanOutContext CreateItemContext(int item) => new() { Id = item, Ids = Ids, Fetches = Fetches, Client = Client, RequestTimeout = RequestTimeout };

    /// <inheritdoc/>
    public void UpdateWithResults(BatchResults<FanOutContext, int> results)
    {
        foreach (var result in results)
        {
            if (result.Succeeded && result.Context!.Fetched is { } fetched)
            {
                Fetches.Add(fetched);
            }
        }
    }
}

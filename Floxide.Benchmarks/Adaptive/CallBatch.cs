namespace Floxide.Benchmarks.Adaptive;

/// <summary>A batch of calls to the throttling server: item i calls <c>/work/i</c>.</summary>
[BatchContext(KeepResults = false)]
public sealed partial class CallBatch
{
    /// <summary>The items.</summary>
    [BatchItems]
    public IReadOnlyList<int> Items { get; init; } = null!;

    /// <summary>The item of an item context.</summary>
    [BatchItem]
    public int Item;

    /// <summary>The client every item shares (copied by reference into each item context).</summary>
    public HttpClient Client = null!;

    /// <summary>The server's address.</summary>
    public Uri Address = null!;
}

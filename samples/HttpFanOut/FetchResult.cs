namespace HttpFanOut;

/// <summary>One fetched item: the output of one batch item.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Bytes">The body's length.</param>
/// <param name="Elapsed">How long the request took.</param>
public sealed record FetchResult(int Id, int Bytes, TimeSpan Elapsed);

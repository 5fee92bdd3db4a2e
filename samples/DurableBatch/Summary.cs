namespace DurableBatch;

/// <summary>What summarising one document produced: the item's output, recorded in the store.</summary>
/// <param name="DocumentId">The document.</param>
/// <param name="Text">The summary.</param>
/// <param name="RequestKey">The idempotency key the summarising service was called with.</param>
public sealed record Summary(int DocumentId, string Text, string RequestKey);

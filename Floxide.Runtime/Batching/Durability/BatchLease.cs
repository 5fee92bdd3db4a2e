namespace Floxide;

/// <summary>The right of one run to write one batch's records, until it expires (see <see cref="IBatchStore"/>).</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Owner">The run holding it.</param>
/// <param name="Duration">How long it lasts after each commit.</param>
/// <param name="ExpiresAt">When it expires, on the store's clock, unless a commit extends it.</param>
public sealed record BatchLease(string BatchId, string Owner, TimeSpan Duration, DateTimeOffset ExpiresAt);

namespace Floxide;

/// <summary>
/// What a durable run decided for one item: the record it replays (null: it runs) and its identity, the key it is
/// recorded under (for an item that runs, the codec's key: null when it is known by its position); for an item that
/// runs, the fingerprint taken before its first attempt (null until then), so that its record is of the item as read.
/// </summary>
internal readonly record struct PlannedItem(string? Key, ItemRecord? Replay, long? Fingerprint = null);

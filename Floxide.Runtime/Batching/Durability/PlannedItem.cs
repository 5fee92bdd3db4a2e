namespace Floxide;

/// <summary>What a resumed run decided for one item when it read it: its identity, and the record it replays (null: it runs).</summary>
internal readonly record struct PlannedItem(string Key, ItemRecord? Replay);

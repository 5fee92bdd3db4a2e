namespace Floxide.Generators.Tests.Integration;

/// <summary>A reading keyed by when it was taken, with its UTC offset: two readings may fall within the same second.</summary>
public sealed record OffsetReading([property: ItemKey] DateTimeOffset At, int Value);

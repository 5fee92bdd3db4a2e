namespace Floxide.Generators.Tests.Integration;

/// <summary>A reading keyed by when it was taken, with its UTC offset: one instant may come with two offsets.</summary>
public sealed record OffsetReading([property: ItemKey] DateTimeOffset At, int Value);

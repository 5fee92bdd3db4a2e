namespace Floxide.Generators.Tests.Integration;

/// <summary>A reading keyed by when it was taken: two readings may fall within the same second.</summary>
public sealed record MeterReading([property: ItemKey] DateTime At, int Value);

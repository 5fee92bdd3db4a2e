namespace Floxide.Generators.Tests.Integration;

/// <summary>A sample keyed by a floating-point ratio, whose key must print every digit.</summary>
public sealed record RatioSample([property: ItemKey] double Ratio, int Value);

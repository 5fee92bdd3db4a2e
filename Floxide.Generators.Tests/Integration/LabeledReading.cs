namespace Floxide.Generators.Tests.Integration;

/// <summary>A reading keyed by an optional label: a null label prints as the empty string, the same key as an empty one.</summary>
public sealed record LabeledReading([property: ItemKey] string? Label, int Value);

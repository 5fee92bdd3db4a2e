using global::Orleans;

namespace Floxide.Orleans.Tests;

/// <summary>One item's output: the square of the item and the silo that computed it; it crosses the wire.</summary>
[GenerateSerializer, Immutable]
public sealed record Square
{
    /// <summary>Gets the item.</summary>
    [Id(0)]
    public required int Number { get; init; }

    /// <summary>Gets its square.</summary>
    [Id(1)]
    public required long Value { get; init; }

    /// <summary>Gets the silo that computed it.</summary>
    [Id(2)]
    public required string Silo { get; init; }
}

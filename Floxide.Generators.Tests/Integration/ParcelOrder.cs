namespace Floxide.Generators.Tests.Integration;

/// <summary>An order keyed by its int id; <see cref="ParcelBatch"/> holds nullable ones.</summary>
public sealed class ParcelOrder
{
    /// <summary>Gets the order's id, its key.</summary>
    [ItemKey] public int Id { get; init; }
}

namespace Floxide.Generators.Tests.Integration;

/// <summary>A row keyed by its positional parameter, [ItemKey] written without a target: the record's Sku property is the key.</summary>
public record SkuRow([ItemKey] string Sku);

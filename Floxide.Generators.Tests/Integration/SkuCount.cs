namespace Floxide.Generators.Tests.Integration;

/// <summary>A count of one SKU, keyed by the Sku its base record's parameter marks.</summary>
public sealed record SkuCount(string Sku, int Count) : SkuRow(Sku);

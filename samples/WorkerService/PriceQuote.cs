namespace WorkerService;

/// <summary>A price fetched for one SKU, in the configured currency once converted.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Price">The price.</param>
/// <param name="Currency">The price's currency.</param>
public sealed record PriceQuote(string Sku, decimal Price, string Currency);

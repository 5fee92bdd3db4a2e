using Floxide;
using Microsoft.Extensions.Logging;

namespace WorkerService;

/// <summary>Converts a fetched quote to the configured currency; its settings and logger come from the container.</summary>
[Node(Id = "convert")]
public sealed partial class ConvertCurrencyNode(CurrencySettings settings, ILogger<ConvertCurrencyNode> logger)
{
    /// <summary>Converts the item's quote.</summary>
    /// <param name="item">The item context.</param>
    public void Process(PriceBatch item)
    {
        var quote = item.Quote!;
        item.Quote = quote with { Price = decimal.Round(quote.Price * settings.Rate, 2), Currency = settings.Currency };
        LogConverted(logger, quote.Sku, item.Quote.Price, settings.Currency);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Sku}: {Price} {Currency}")]
    private static partial void LogConverted(ILogger logger, string sku, decimal price, string currency);
}

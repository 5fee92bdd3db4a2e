using System.Globalization;
using Floxide;

namespace WorkerService;

/// <summary>
/// Fetches one SKU's price from the catalog. Its <see cref="HttpClient"/> comes from <c>IHttpClientFactory</c>: the
/// generated <c>AddFloxideNodes()</c> asks for the client named after the node type, configured in Program.cs.
/// </summary>
[Node(Id = "fetch")]
public sealed partial class FetchPriceNode(HttpClient client)
{
    /// <summary>Fetches the price; a missing SKU (404) throws, and that item fails on its own.</summary>
    /// <param name="item">The item context.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the quote is set.</returns>
    public async Task ProcessAsync(PriceBatch item, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(new Uri($"prices/{item.Sku}", UriKind.Relative), cancellationToken);
        item.Quote = new PriceQuote(item.Sku, decimal.Parse(text, CultureInfo.InvariantCulture), "catalog");
    }
}

using Floxide;

namespace WorkerService;

/// <summary>What each item runs: fetch, then convert. The container creates it with its steps.</summary>
[Workflow(typeof(PriceBatch), Id = "price-item")]
[Start(typeof(FetchPriceNode))]
[Route(typeof(FetchPriceNode), typeof(ConvertCurrencyNode))]
public sealed partial class PriceItemFlow
{
}

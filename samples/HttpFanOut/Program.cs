using Floxide;
using HttpFanOut;

// Starts a local web server, then fetches 400 items from it as one batch with at most 16 requests
// in flight, drawing live progress; failed requests are reported per item, then the server stops.
const int Items = 400;

await using var server = await LocalServer.StartAsync();
Console.WriteLine($"Server listening on {server.BaseAddress}");

using var client = new HttpClient { BaseAddress = server.BaseAddress };
var batch = new FanOutContext
{
    Ids = Enumerable.Range(0, Items).ToArray(),
    Client = client,
    RequestTimeout = TimeSpan.FromSeconds(5),
};

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // Ctrl+C cancels the batch; its partial results are still merged and reported
    cancel.Cancel();
};

var progress = new ConsoleProgress();
var limit = FanOutContext.DefaultBatchOptions.MaxDegreeOfParallelism; // 16, from [BatchContext]
var flow = FanOutContext.CreateBatchFlow(new FetchNode(), id: "http-fan-out");
BatchReport<FanOutContext, int> report;
try
{
    report = await flow.RunAsync(batch, progress, cancel.Token);
}
catch (OperationCanceledException)
{
    progress.Complete();
    Console.WriteLine($"Canceled; {batch.Fetches.Count} items had been fetched.");
    return 130;
}

progress.Complete();
Console.WriteLine($"Fetched {batch.Fetches.Count} items ({batch.Fetches.Sum(f => f.Bytes)} bytes), mean request {batch.Fetches.Average(f => f.Elapsed.TotalMilliseconds):F0} ms.");
Console.WriteLine($"The server saw at most {server.MaxInFlight} requests at once (limit {limit}).");
foreach (var failure in report.Results.Failures)
{
    Console.WriteLine($"  item {failure.Item} failed: {failure.Exception!.Message}");
}

Console.WriteLine(report);
return report.Succeeded + report.Failed == Items && server.MaxInFlight <= limit ? 0 : 1;

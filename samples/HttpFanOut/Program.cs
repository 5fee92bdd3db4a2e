using System.Runtime.InteropServices;
using Floxide;
using HttpFanOut;

// Starts a local web server that serves 12 requests at once (429 beyond), then fetches 400 items from
// it as one batch: at most 16 requests in flight, the level adapting to what the server sustains, each
// item retried on HTTP errors ([Retry] on the context), live progress with the level; failed requests
// are reported per item, then the server stops.
const int Items = 400;

await using var server = await LocalServer.StartAsync();
Console.WriteLine($"Server listening on {server.BaseAddress}");

using var client = new HttpClient { BaseAddress = server.BaseAddress };
var batch = new FanOutContext
{
    Ids = Enumerable.Range(0, Items).ToArray(),
    Client = client,
};

using var cancel = new CancellationTokenSource();
// Ctrl+C cancels the batch; its partial results are still merged and reported. Declared after the source, the
// registration is disposed before it, so a Ctrl+C as the program ends never meets a disposed source.
using var onCtrlC = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
{
    signal.Cancel = true;
    cancel.Cancel();
});

var progress = new ConsoleProgress();
var limit = FanOutContext.DefaultBatchOptions.MaxDegreeOfParallelism; // 16, from [BatchContext]: the ceiling
var flow = FanOutContext.CreateBatchFlow(new FetchNode(), id: "http-fan-out"); // DefaultBatchOptions: [Retry], [Timeout], [AdaptiveConcurrency]
BatchReport<FanOutContext, int> report;
try
{
    report = await flow.RunAsync(batch, progress, cancel.Token);
}
catch (OperationCanceledException)
{
    // The exception carries no report, but the progress's last report, made as the batch ended, has its counts.
    progress.Complete();
    var last = progress.Last;
    Console.WriteLine(
        $"Canceled: {batch.Fetches.Count} items fetched and merged, {last?.Failed ?? 0} failed, " +
        $"{(last?.Canceled ?? 0) + (last?.Skipped ?? 0)} canceled (not started, or stopped while running).");
    return 130; // 128 + SIGINT, as a shell reports a program Ctrl+C stopped
}

progress.Complete();
Console.WriteLine($"Fetched {batch.Fetches.Count} items ({batch.Fetches.Sum(f => f.Bytes)} bytes), mean request {batch.Fetches.Average(f => f.Elapsed.TotalMilliseconds):F0} ms.");
Console.WriteLine($"The server saw at most {server.MaxInFlight} requests at once (limit {limit}).");
Console.WriteLine(
    $"{server.Requests - Items} retries in {server.Requests} requests; the server answered 429 to {server.Throttled} " +
    $"(it serves {LocalServer.Capacity} at once, the batch found level {progress.Last?.ConcurrencyLevel}).");
foreach (var failure in report.Results.Failures)
{
    Console.WriteLine($"  item {failure.Item} failed: {failure.Exception!.Message}");
}

Console.WriteLine(report);
return report.Succeeded + report.Failed == Items && server.MaxInFlight <= limit ? 0 : 1;

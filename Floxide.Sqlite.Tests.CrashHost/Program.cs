using System.Globalization;
using Floxide;
using Floxide.Sqlite;
using Floxide.Sqlite.Tests.CrashHost;
using Floxide.Testing;

// dotnet Floxide.Sqlite.Tests.CrashHost.dll <database> <run log> <outputs file> <item count> [step]
// Writes "recorded <n>" (items recorded before it started), "ran" as each item starts (after logging it), "committed
// <n>" after every commit (items it committed), and "done resumed=<n> succeeded=<n>" at the end, when it writes every
// merged output in merge order. With "step", the batch runs as the step of a workflow, durable through its context.
if (args.Length is not (4 or 5) || (args.Length == 5 && args[4] != "step"))
{
    Console.Error.WriteLine("usage: CrashHost <database> <run log> <outputs file> <item count> [step]");
    return 2;
}

var count = int.Parse(args[3], CultureInfo.InvariantCulture);
using var sqlite = new SqliteBatchStore(args[0]);
Console.WriteLine($"recorded {(await sqlite.ReadItemsAsync(CrashContext.BatchId, default)).Count}");
var store = new ReportingStore(sqlite);

using var runLog = new StreamWriter(new FileStream(args[1], FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
var context = new CrashContext(count, runLog);
var work = Node.CreateAsync<CrashContext>("work", async (item, cancellationToken) =>
{
    item.LogRun();
    Console.WriteLine("ran");

    // Short random delays: a run of 5,000 items lasts a few seconds, so every kill lands mid-run.
    await Task.Delay(Random.Shared.Next(2, 12), cancellationToken);

    item.Output = CrashContext.OutputOf(item.Item);
});
var durable = new DurableRun<CrashContext, int>(store, CrashContext.BatchId, new IntOutputCodec<CrashContext>(c => c.Output, (c, v) => c.Output = v))
{
    // A killed run's lease frees itself within a second; the rerun waits for it.
    LeaseDuration = TimeSpan.FromSeconds(1),
    LeaseWaitTimeout = TimeSpan.FromSeconds(30),
};
var options = new BatchOptions { MaxDegreeOfParallelism = 16 };
if (args.Length == 5)
{
    context.DurableRun = durable;
    var step = new BatchNode<CrashContext, int>("work-all", work, options);
    await new WorkflowBuilder<CrashContext>("crash-flow").StartWith(step).Build().RunAsync(context, CancellationToken.None);
}
else
{
    await new BatchFlow<CrashContext, int>(work, options).RunDurableAsync(context, durable);
}

if (context.Violation is { } violation)
{
    Console.WriteLine($"violation {violation}");
    return 3;
}

await File.WriteAllLinesAsync(args[2], context.Outputs.Select(o => o.ToString(CultureInfo.InvariantCulture)));
Console.WriteLine($"done resumed={context.Resumed} succeeded={context.Succeeded}");
return 0;

using System.Globalization;
using Floxide;
using Floxide.Sqlite;
using Floxide.Sqlite.Tests.CrashHost;
using Floxide.Testing;

// dotnet Floxide.Sqlite.Tests.CrashHost.dll <database> <run log> <outputs file> <item count>
// Writes "recorded <n>" (items recorded before it started), "ran" as each item starts (after logging it), "committed
// <n>" after every commit (items it committed), and "done resumed=<n> succeeded=<n>" at the end, when it writes every
// merged output in merge order.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: CrashHost <database> <run log> <outputs file> <item count>");
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
var report = await new BatchFlow<CrashContext, int>(work, new BatchOptions { MaxDegreeOfParallelism = 16 }).RunDurableAsync(context, durable);
if (context.Violation is { } violation)
{
    Console.WriteLine($"violation {violation}");
    return 3;
}

await File.WriteAllLinesAsync(args[2], context.Outputs.Select(o => o.ToString(CultureInfo.InvariantCulture)));
Console.WriteLine($"done resumed={report.Resumed} succeeded={report.Succeeded}");
return 0;

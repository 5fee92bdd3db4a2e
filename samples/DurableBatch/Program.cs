using System.Runtime.InteropServices;
using DurableBatch;
using Floxide;
using Floxide.Sqlite;

// Summarises 3,000 documents, 16 at a time, recording every finished one in a SQLite file. Stop it with
// Ctrl+C (or kill it) and run it again: it restores what was recorded and runs only the rest.
// Options: --db <file> (default: durable-batch.db beside the program), --fresh (start over).
const string Usage = "Usage: DurableBatch [--db <file>] [--fresh]\n  --db <file>  the SQLite file that records the run (default: durable-batch.db beside the program)\n  --fresh      delete the file first and start over";
string? databaseOption = null;
var fresh = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--db" when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
            databaseOption = args[++i];
            break;
        case "--fresh":
            fresh = true;
            break;
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        default:
            // A mistyped option must not run on the default file (or resume the wrong batch) as if it were not there.
            Console.Error.WriteLine(args[i] == "--db" ? "--db needs a file." : $"Unknown option '{args[i]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

var database = Path.GetFullPath(databaseOption ?? Path.Combine(AppContext.BaseDirectory, "durable-batch.db"));
if (fresh)
{
    foreach (var file in new[] { database, database + "-wal", database + "-shm" })
    {
        File.Delete(file);
    }
}

const string BatchId = "summaries-2026-11-29";
var documents = Enumerable.Range(1, 3000).Select(id => new Document(id, $"Document {id} about topic {id % 37} and more")).ToArray();
using var store = new SqliteBatchStore(database);
var recorded = (await store.ReadItemsAsync(BatchId, CancellationToken.None)).Count;
Console.WriteLine(recorded == 0
    ? $"Batch '{BatchId}': starting ({database})"
    : $"Batch '{BatchId}': {recorded} items recorded by an earlier run, resuming ({database})");

using var stop = new CancellationTokenSource();
// Ctrl+C lets the run record what finished, then ends it. Declared after the source, the registration is disposed
// before it, so a Ctrl+C as the program ends never meets a disposed source.
using var onCtrlC = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
{
    signal.Cancel = true;
    stop.Cancel();
});

var batch = new SummaryBatch { Documents = documents };
var durable = SummaryBatch.CreateDurableRun(store, BatchId) with
{
    // A killed run's lease frees itself after 5 s; a rerun waits for it rather than failing.
    LeaseDuration = TimeSpan.FromSeconds(5),
    LeaseWaitTimeout = TimeSpan.FromSeconds(10),
};
var progress = new ConsoleProgress();
try
{
    var report = await SummaryBatch.CreateBatchFlow(new SummarizeNode(), id: "summarize").RunDurableAsync(batch, durable, progress, stop.Token);
    progress.Done();
    Console.WriteLine($"Resumed {report.Resumed} items from the store, ran {report.Total - report.Resumed}.");
    Console.WriteLine(report);
    Console.WriteLine($"First summary: {batch.Summaries[0].Text} (key {batch.Summaries[0].RequestKey}); last: document {batch.Summaries[^1].DocumentId}.");
    return report.Failed == 0 && batch.Summaries.Count == documents.Length ? 0 : 1;
}
catch (DurableSourceChangedException changed)
{
    progress.Done();
    Console.WriteLine($"{changed.Message} (or run with --fresh to start over)");
    return 1;
}
catch (OperationCanceledException)
{
    progress.Done();
    var now = (await store.ReadItemsAsync(BatchId, CancellationToken.None)).Count;
    Console.WriteLine($"Stopped: {now} of {documents.Length} items are recorded. Run again to resume.");
    return 130;
}

using System.Globalization;
using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;
using Floxide.Sqlite;

namespace Floxide.Benchmarks.Compare;

/// <summary>
/// What durability costs: the same Floxide batch run plain and durable (a fresh batch id over the SQLite
/// store, so every item is recorded), interleaved, medians reported as <c>ratio durable</c> lines. A durable
/// run's time includes its last commit: it returns only when every finished item is on disk.
/// </summary>
public static class DurableCompare
{
    private const int TrivialParallelism = 4;
    private const int IoParallelism = 64;

    /// <summary>Runs the durable scenarios: <c>compare durable [--rounds N] [--quick]</c>.</summary>
    /// <param name="args">Options: <c>--rounds N</c>, <c>--quick</c>.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var rounds = CommandOptions.Int(args, "--rounds") ?? (quick ? 1 : 5);
        var folder = Path.Combine(Path.GetTempPath(), "floxide-durable-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var store = new SqliteBatchStore(Path.Combine(folder, "bench.db"));
            var lines = new List<string>();
            foreach (var (name, spec, parallelism, count) in Cases(quick))
            {
                var (plain, durable) = await MeasureAsync(store, spec, parallelism, count, rounds).ConfigureAwait(false);
                Console.Error.WriteLine($"# durable {name} p={parallelism}: plain {plain:N0}/s, durable {durable:N0}/s");
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"ratio durable scenario={name} durable/plain={durable / plain:F2}"));
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"items_per_second durable scenario={name} p={parallelism} plain={plain:F0} durable={durable:F0}"));
            }

            lines.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<(string Name, WorkSpec Spec, int Parallelism, int Count)> Cases(bool quick)
    {
        yield return ("trivial", new WorkSpec(ScenarioKind.Trivial, 0, TimeSpan.Zero), TrivialParallelism, quick ? CompareCommand.TrivialItems / 10 : CompareCommand.TrivialItems);
        yield return ("io", new WorkSpec(ScenarioKind.Io, 0, CompareCommand.IoLatency), IoParallelism, IoParallelism * (quick ? 10 : CompareCommand.IoRoundsPerWorker));
    }

    private static async Task<(double Plain, double Durable)> MeasureAsync(SqliteBatchStore store, WorkSpec spec, int parallelism, int count, int rounds)
    {
        var items = ItemSource.Array(count);
        var expected = Work.ExpectedChecksum(spec, count);
        INode<SequenceBatch> work = spec.IsAsync ? new SequenceComputeAsyncNode() : new SequenceComputeNode();
        var node = SequenceBatch.CreateBatchNode(work, new BatchOptions { MaxDegreeOfParallelism = parallelism }, "bench");
        var run = 0; // a new batch id per durable run: every item is recorded, none resumed

        Task<double> Once(bool isDurable) => CheckedSequenceRun.RateAsync(items, spec, expected, isDurable ? "durable" : "plain", batch => isDurable
            ? node.RunDurableBatchAsync(batch, new DurableRun<SequenceBatch, int>(store, $"{spec.Kind}-{run++}", new SequenceBatchCodec()))
            : node.RunBatchAsync(batch));

        var medians = await InterleavedRuns.MediansAsync([() => Once(false), () => Once(true)], rounds).ConfigureAwait(false);
        return (medians[0], medians[1]);
    }
}

using System.Diagnostics;
using System.Globalization;
using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;
using Polly;
using Polly.Retry;

namespace Floxide.Benchmarks.Compare;

/// <summary>
/// <c>compare used</c>: what a batch pays per trivial item for a feature it turns on but that never acts. The same
/// Floxide batch runs plain, with a cancellation grace period (never canceled) and with a retry pipeline (never
/// retrying), interleaved in one process; medians are reported as <c>ratio used</c> lines. A grace period alone keeps
/// the plain loop; a pipeline takes every item through the resilience path, and this is its price per item. Beside it,
/// the same pipeline alone (one thread, a pooled context per execution, a callback that returns at once) shows how much
/// of that price is Polly's.
/// </summary>
public static class UsedCostCompare
{
    // compare's 500,000 trivial items take under 20 ms on the plain path, too short to show a few percent.
    private const int Items = 5_000_000;
    private static readonly string[] Sides = ["plain", "grace", "retry"];

    /// <summary>Runs the comparison: <c>compare used [--rounds N] [--quick]</c>.</summary>
    /// <param name="args">Options: <c>--rounds N</c> (default 9), <c>--quick</c>.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var rounds = CommandOptions.Int(args, "--rounds") ?? (quick ? 1 : 9);
        var count = quick ? Items / 100 : Items;
        var lines = new List<string>();
        foreach (var parallelism in new[] { 1, 4, 64 })
        {
            var medians = await MeasureAsync(parallelism, count, rounds).ConfigureAwait(false);
            Console.Error.WriteLine("# used trivial p=" + parallelism + ": " + string.Join(", ", Sides.Select((side, k) => $"{side} {medians[k]:N0}/s")));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"ratio used scenario=trivial p={parallelism} grace/plain={medians[1] / medians[0]:F2} retry/plain={medians[2] / medians[0]:F2}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"items_per_second used scenario=trivial p={parallelism} plain={medians[0]:F0} grace={medians[1]:F0} retry={medians[2]:F0}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"extra_ns_per_item used scenario=trivial p={parallelism} grace={ExtraNanoseconds(medians[1], medians[0]):F0} retry={ExtraNanoseconds(medians[2], medians[0]):F0}"));
        }

        var alone = await PipelineAloneAsync(count, rounds).ConfigureAwait(false);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"ns_per_execution used retry_pipeline_alone={alone:F0}"));
        lines.ForEach(Console.WriteLine);
        return 0;
    }

    private static ResiliencePipeline RetryPipeline() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero })
        .Build();

    // The median over rounds of what one execution of the retry pipeline takes, in nanoseconds, as the engine calls it.
    private static async Task<double> PipelineAloneAsync(int count, int rounds)
    {
        var pipeline = RetryPipeline();
        async Task<double> Once()
        {
            long sum = 0;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
                var outcome = await pipeline.ExecuteOutcomeAsync(static (_, item) => ValueTask.FromResult(Outcome.FromResult(item)), context, i).ConfigureAwait(false);
                ResilienceContextPool.Shared.Return(context);
                sum += outcome.Result;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            return sum == (long)count * (count - 1) / 2
                ? elapsed.TotalNanoseconds / count
                : throw new InvalidOperationException($"The pipeline alone returned {sum}, not the sum of its {count} items.");
        }

        return (await InterleavedRuns.MediansAsync([Once], rounds).ConfigureAwait(false))[0];
    }

    // What one item costs on a side beyond the plain run, from the two rates (items per second), in whole nanoseconds
    // (+ 0.0 turns a rounded -0 into 0).
    private static double ExtraNanoseconds(double side, double plain) => Math.Round((1e9 / side) - (1e9 / plain)) + 0.0;

    private static async Task<double[]> MeasureAsync(int parallelism, int count, int rounds)
    {
        var spec = new WorkSpec(ScenarioKind.Trivial, 0, TimeSpan.Zero);
        var items = ItemSource.Array(count);
        var expected = Work.ExpectedChecksum(spec, count);
        var plain = new BatchOptions { MaxDegreeOfParallelism = parallelism };
        BatchOptions[] options =
        [
            plain,
            plain with { CancellationGracePeriod = TimeSpan.FromSeconds(10) },
            plain with { ResiliencePipeline = RetryPipeline() },
        ];

        var runs = options.Select((o, k) =>
        {
            var node = SequenceBatch.CreateBatchNode(new SequenceComputeNode(), o, "bench");
            return (Func<Task<double>>)(() => CheckedSequenceRun.RateAsync(items, spec, expected, Sides[k], batch => node.RunBatchAsync(batch)));
        });
        // Three warm-ups: the sides share the loop's code, and a side measured while it still tiers up reads slow.
        return await InterleavedRuns.MediansAsync(runs.ToArray(), rounds, warmUps: 3).ConfigureAwait(false);
    }
}

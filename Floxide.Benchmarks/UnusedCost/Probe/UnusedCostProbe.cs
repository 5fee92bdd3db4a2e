using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.UnusedCost;

/// <summary>
/// The entry point `compare unused` calls through reflection in each build's load context: one plain
/// <c>[BatchContext]</c> batch of <c>compare</c>'s trivial or stream scenario, in the default mode, with
/// no resilience, durability, telemetry listener or logger. Only BCL types cross the load-context boundary.
/// </summary>
public static class UnusedCostProbe
{
    /// <summary>Prepares one scenario: outputs, contexts and options are made here, outside the measured window.</summary>
    /// <param name="scenario"><c>trivial</c> (items in an array) or <c>stream</c> (an <see cref="IAsyncEnumerable{T}"/>).</param>
    /// <param name="parallelism">The batch's MaxDegreeOfParallelism.</param>
    /// <param name="count">The number of items.</param>
    /// <returns>Runs the batch once and returns the sum of its outputs.</returns>
    public static Func<Task<long>> Prepare(string scenario, int parallelism, int count)
    {
        var options = new BatchOptions { MaxDegreeOfParallelism = parallelism };
        switch (scenario)
        {
            case "trivial":
            {
                var batch = new SequenceBatch
                {
                    Items = ItemSource.Array(count),
                    Outputs = new List<long>(count),
                    Work = new WorkSpec(ScenarioKind.Trivial, 0, TimeSpan.Zero),
                };
                var node = SequenceBatch.CreateBatchNode(new SequenceComputeNode(), options, "bench");
                return () => RunAsync(node, batch, batch.Outputs);
            }

            case "stream":
            {
                var batch = new StreamBatch
                {
                    Items = ItemSource.Stream(count),
                    Outputs = new List<long>(count),
                    Work = new WorkSpec(ScenarioKind.Stream, 0, TimeSpan.Zero),
                };
                var node = StreamBatch.CreateBatchNode(new StreamComputeNode(), options, "bench");
                return () => RunAsync(node, batch, batch.Outputs);
            }

            default:
                throw new ArgumentException($"Unknown scenario '{scenario}': expected trivial or stream.", nameof(scenario));
        }
    }

    private static async Task<long> RunAsync<TContext>(BatchNode<TContext, int> node, TContext batch, List<long> outputs)
        where TContext : IBatchContext<TContext, int>
    {
        outputs.Clear();
        await node.RunBatchAsync(batch).ConfigureAwait(false);
        long sum = 0;
        foreach (var output in outputs)
        {
            sum = unchecked(sum + output);
        }

        return sum;
    }
}

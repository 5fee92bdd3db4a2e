using System.Diagnostics;
using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Compare;

/// <summary>
/// One timed run of a <see cref="SequenceBatch"/> over fresh outputs, checked: a run that skipped or repeated work, or
/// did not succeed on every item, stops the command rather than report a rate.
/// </summary>
public static class CheckedSequenceRun
{
    /// <summary>Runs <paramref name="run"/> once and returns its rate.</summary>
    /// <param name="items">The items.</param>
    /// <param name="spec">The per-item work.</param>
    /// <param name="expected">The checksum of every item's output.</param>
    /// <param name="side">What the run is, for the error.</param>
    /// <param name="run">Runs the batch (plainly, durably, ...) and returns its report.</param>
    /// <returns>Items per second.</returns>
    public static async Task<double> RateAsync(
        IReadOnlyList<int> items, WorkSpec spec, long expected, string side, Func<SequenceBatch, Task<BatchReport<SequenceBatch, int>>> run)
    {
        var batch = new SequenceBatch { Items = items, Outputs = new List<long>(items.Count), Work = spec };
        GC.Collect(); // every run starts from the same empty gen0
        var started = Stopwatch.GetTimestamp();
        var report = await run(batch).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var checksum = batch.Outputs.Aggregate(0L, (sum, output) => unchecked(sum + output));
        if (checksum != expected || report.Succeeded != items.Count)
        {
            throw new InvalidOperationException($"The {side} run produced checksum {checksum} with {report.Succeeded} items succeeded, expected {expected} and {items.Count}.");
        }

        return items.Count / elapsed.TotalSeconds;
    }
}

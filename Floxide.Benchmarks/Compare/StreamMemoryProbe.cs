using System.Diagnostics;
using System.Globalization;
using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Compare;

/// <summary>
/// Measures the stream scenario's peak working set. Peak working set is per process and never goes
/// down, so each measurement runs in a fresh child process: this program with <c>stream-memory</c>.
/// </summary>
public static class StreamMemoryProbe
{
    private const string Marker = "peak-working-set=";

    /// <summary>Starts a child process that streams <paramref name="items"/> items through one contender and returns its peak working set.</summary>
    /// <param name="contenderKey">The contender's key, or <c>baseline</c> to run nothing.</param>
    /// <param name="items">How many items to stream.</param>
    /// <param name="parallelism">The concurrency limit.</param>
    /// <returns>The child's peak working set, in bytes.</returns>
    public static long Measure(string contenderKey, int items, int parallelism)
    {
        var output = ChildProcess.RunSelf("stream-memory", contenderKey, items.ToString(CultureInfo.InvariantCulture), parallelism.ToString(CultureInfo.InvariantCulture));
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The memory probe for {contenderKey} printed no {Marker} line: {output}");
        return long.Parse(line[Marker.Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The child's side: stream the items once, then print the peak working set.</summary>
    /// <param name="args">The contender's key, the item count and the parallelism.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var key = args[0];
        var items = int.Parse(args[1], CultureInfo.InvariantCulture);
        var parallelism = int.Parse(args[2], CultureInfo.InvariantCulture);
        var spec = new WorkSpec(ScenarioKind.Stream, 0, TimeSpan.Zero);
        if (key != "baseline")
        {
            var contender = Contender.All().Single(c => c.Key == key);
            var run = contender.Prepare(Workload.Streamed(spec, items), parallelism);
            await run.RunAsync().ConfigureAwait(false);
            if (run.Checksum() != Work.ExpectedChecksum(spec, items))
            {
                Console.WriteLine("checksum mismatch");
                return 1;
            }
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(Marker + self.PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
